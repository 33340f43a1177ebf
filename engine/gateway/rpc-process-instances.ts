/** Creating (with or without waiting for the result), cancelling, and setting variables. */
import type { CreateInstanceRequest, ProcessInstanceCreated } from '../api.ts';
import type { GatewayContext, RpcHandlers } from './context.ts';
import { invalidArgument, unary } from './status.ts';
import { checkTenants, optionalKey, parseDocument, toNumber, type Int64 } from './wire.ts';

interface CreateProcessInstanceRequest {
  processDefinitionKey: Int64;
  bpmnProcessId: string;
  version: number;
  variables: string;
  startInstructions: Array<{ elementId: string }>;
  tenantId: string;
}

interface CreateProcessInstanceResponse {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  tenantId: string;
}

interface CreateProcessInstanceWithResultRequest {
  /** A message field: null when the client left it out. */
  request: CreateProcessInstanceRequest | null;
  requestTimeout: Int64;
  fetchVariables: string[];
}

interface CreateProcessInstanceWithResultResponse extends CreateProcessInstanceResponse {
  variables: string;
}

interface CancelProcessInstanceRequest {
  processInstanceKey: Int64;
}

interface SetVariablesRequest {
  elementInstanceKey: Int64;
  variables: string;
  local: boolean;
}

/**
 * As in Zeebe, a process id wins over a key; version -1 means latest. Version 0 is treated as
 * latest too: it is the proto default that clients which never set a version send, and no
 * definition has version 0.
 */
function toCreateRequest(rpc: string, request: CreateProcessInstanceRequest | null): CreateInstanceRequest {
  const bpmnProcessId = request?.bpmnProcessId ?? '';
  const processDefinitionKey = request ? optionalKey(request.processDefinitionKey) : undefined;
  if (!request || (bpmnProcessId === '' && processDefinitionKey === undefined)) {
    throw invalidArgument('Expected at least a bpmnProcessId or a key greater than -1, but none given');
  }
  checkTenants(rpc, [request.tenantId]);
  const variables = parseDocument(request.variables);
  const startInstructions = request.startInstructions.length
    ? request.startInstructions.map((s) => ({ elementId: s.elementId }))
    : undefined;
  const target: CreateInstanceRequest =
    bpmnProcessId !== ''
      ? { bpmnProcessId, version: request.version > 0 ? request.version : undefined }
      : { processDefinitionKey };
  return { ...target, variables, startInstructions };
}

function toCreateResponse(created: ProcessInstanceCreated): CreateProcessInstanceResponse {
  return {
    processDefinitionKey: created.processDefinitionKey,
    bpmnProcessId: created.bpmnProcessId,
    version: created.version,
    processInstanceKey: created.processInstanceKey,
    tenantId: created.tenantId,
  };
}

export function processInstanceRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    CreateProcessInstance: unary<CreateProcessInstanceRequest, CreateProcessInstanceResponse>(
      'CreateProcessInstance',
      log,
      async (request) => toCreateResponse(await engine.createProcessInstance(toCreateRequest('CreateProcessInstance', request))),
    ),

    CreateProcessInstanceWithResult: unary<CreateProcessInstanceWithResultRequest, CreateProcessInstanceWithResultResponse>(
      'CreateProcessInstanceWithResult',
      log,
      async (request) => {
        const create = toCreateRequest('CreateProcessInstanceWithResult', request.request);
        const requestTimeout = toNumber(request.requestTimeout);
        const result = await engine.createProcessInstanceWithResult(create, {
          // 0 is the proto default: "use the gateway's default", which is the engine's to choose.
          requestTimeout: requestTimeout > 0 ? requestTimeout : undefined,
          fetchVariables: request.fetchVariables.length ? request.fetchVariables : undefined,
        });
        return { ...toCreateResponse(result), variables: JSON.stringify(result.variables ?? {}) };
      },
    ),

    CancelProcessInstance: unary<CancelProcessInstanceRequest, Record<string, never>>('CancelProcessInstance', log, async (request) => {
      await engine.cancelProcessInstance(String(request.processInstanceKey));
      return {};
    }),

    SetVariables: unary<SetVariablesRequest, { key: string }>('SetVariables', log, async (request) => {
      const { key } = await engine.setVariables({
        elementInstanceKey: String(request.elementInstanceKey),
        variables: parseDocument(request.variables) ?? {},
        local: request.local,
      });
      return { key };
    }),
  };
}
