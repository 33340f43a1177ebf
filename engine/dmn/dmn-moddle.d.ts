// dmn-moddle 12 ships no type declarations. This declares the part Baton uses; elements are
// read through `ModdleElement` (engine/model/moddle.ts) with runtime checks instead of
// trusting generated shapes.
declare module 'dmn-moddle' {
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

  export interface DmnModdleInstance {
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<FromXmlResult>;
  }

  /** A factory (callable without `new`) that can register extra packages. */
  export function DmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): DmnModdleInstance;
}
