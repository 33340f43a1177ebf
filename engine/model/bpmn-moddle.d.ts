// bpmn-moddle 10 ships types only for its meta-model (`bpmn-moddle/types`), not for its main
// entry. This declares the part Baton uses; elements are read through `ModdleElement`
// (engine/model/moddle.ts) with runtime checks instead of trusting generated shapes.
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string;
    element?: unknown;
    property?: string;
    value?: unknown;
    error?: Error;
  }

  export interface FromXmlResult {
    rootElement: unknown;
    warnings: ModdleWarning[];
    elementsById: Record<string, unknown>;
    references: unknown[];
  }

  export interface BpmnModdleInstance {
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<FromXmlResult>;
  }

  /** A factory (callable without `new`) that registers extra packages such as `zeebe`. */
  export function BpmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): BpmnModdleInstance;
}
