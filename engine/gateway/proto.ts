/**
 * Zeebe's gateway protocol, loaded from the copy that ships inside @camunda8/sdk so that
 * Baton serves exactly the contract its workers' client speaks (never a local copy).
 */
import { createRequire } from 'node:module';
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const require = createRequire(import.meta.url);

export const PROTO_PATH = require.resolve('@camunda8/sdk/dist/proto/zeebe.proto');

/**
 * keepCase: the SDK loads the same file with keepCase, so request/response objects carry the
 * proto's own field names on both sides (the wire itself only knows field numbers).
 * longs as strings: keys are int64 and exceed Number's safe range.
 */
const packageDefinition = loadSync(PROTO_PATH, {
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
