/**
 * Zeebe's gateway protocol, loaded from the copy that ships inside @camunda8/sdk so that
 * Baton serves exactly the contract its workers' client speaks (never a local copy).
 *
 * One addition: the SDK's copy predates Zeebe 8.7's job results, so the fields Zeebe 8.8's
 * gateway.proto has there (CompleteJobRequest.result = 3: JobResult, JobResultCorrections,
 * StringList, with Zeebe's field numbers) are added to the loaded definition. A client that
 * sends them (a Java or Go client, or a raw gRPC call) is understood; the SDK's own client
 * cannot send them and is unaffected.
 */
import { createRequire } from 'node:module';
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor, type ServiceDefinition } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';

const require = createRequire(import.meta.url);

export const PROTO_PATH = require.resolve('@camunda8/sdk/dist/proto/zeebe.proto');

/** The protobufjs that @grpc/proto-loader itself loads protos with (same copy, same JSON format). */
interface ProtobufRoot {
  loadSync(filename: string, options: { keepCase: boolean }): ProtobufRoot;
  toJSON(): { nested?: Record<string, { nested?: Record<string, { fields?: Record<string, unknown> }> }> };
}
const protobuf = createRequire(require.resolve('@grpc/proto-loader'))('protobufjs') as { Root: new () => ProtobufRoot };

const optional = { proto3_optional: true };

/** Zeebe 8.8's job result messages (gateway.proto), by field number. */
const JOB_RESULT_TYPES = {
  JobResult: {
    fields: {
      denied: { type: 'bool', id: 1, options: optional },
      corrections: { type: 'JobResultCorrections', id: 2, options: optional },
      deniedReason: { type: 'string', id: 3, options: optional },
      type: { type: 'string', id: 4, options: optional },
    },
    oneofs: { _denied: { oneof: ['denied'] }, _corrections: { oneof: ['corrections'] }, _deniedReason: { oneof: ['deniedReason'] }, _type: { oneof: ['type'] } },
  },
  JobResultCorrections: {
    fields: {
      assignee: { type: 'string', id: 1, options: optional },
      dueDate: { type: 'string', id: 2, options: optional },
      followUpDate: { type: 'string', id: 3, options: optional },
      candidateUsers: { type: 'StringList', id: 4, options: optional },
      candidateGroups: { type: 'StringList', id: 5, options: optional },
      priority: { type: 'int32', id: 6, options: optional },
    },
    oneofs: {
      _assignee: { oneof: ['assignee'] },
      _dueDate: { oneof: ['dueDate'] },
      _followUpDate: { oneof: ['followUpDate'] },
      _candidateUsers: { oneof: ['candidateUsers'] },
      _candidateGroups: { oneof: ['candidateGroups'] },
      _priority: { oneof: ['priority'] },
    },
  },
  StringList: { fields: { values: { rule: 'repeated', type: 'string', id: 1 } } },
};

function gatewayProtocolJson(): object {
  const json = new protobuf.Root().loadSync(PROTO_PATH, { keepCase: true }).toJSON();
  const protocol = json.nested?.gateway_protocol?.nested;
  const completeJob = protocol?.CompleteJobRequest;
  if (!protocol || !completeJob?.fields) throw new Error(`${PROTO_PATH} has no gateway_protocol.CompleteJobRequest`);
  if (!('result' in completeJob.fields)) {
    completeJob.fields.result = { type: 'JobResult', id: 3, options: optional };
    (completeJob as { oneofs?: Record<string, unknown> }).oneofs = { ...(completeJob as { oneofs?: Record<string, unknown> }).oneofs, _result: { oneof: ['result'] } };
    for (const [name, type] of Object.entries(JOB_RESULT_TYPES)) protocol[name] ??= type;
  }
  return json;
}

/**
 * keepCase: the SDK loads the same file with keepCase, so request/response objects carry the
 * proto's own field names on both sides (the wire itself only knows field numbers).
 * longs as strings: keys are int64 and exceed Number's safe range.
 */
const packageDefinition = fromJSON(gatewayProtocolJson(), {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});

const gatewayProtocol = loadPackageDefinition(packageDefinition).gateway_protocol as GrpcObject;

/** The `gateway_protocol.Gateway` service: its method names are the RPC names (e.g. `ActivateJobs`). */
export const gatewayService: ServiceDefinition = (gatewayProtocol.Gateway as ServiceClientConstructor).service;

/** Client constructor for the same service (tests and tools that talk raw gRPC). */
export const GatewayClient = gatewayProtocol.Gateway as ServiceClientConstructor;
