import type { Fault, FaultSpec } from './faults.ts';
import type { LoggedRequest, RequestFilter } from './request-log.ts';

/**
 * Steers a running sandbox over HTTP, for scenario tests and the demo:
 * `await sandbox.fault({ system: 'billing', mode: 'fail', times: 2 })`.
 */
export class SandboxControl {
  /** `baseUrl`: where the sandbox is mounted, e.g. http://localhost:8080/sandbox. */
  constructor(readonly baseUrl: string = process.env.BATON_SANDBOX_URL ?? 'http://localhost:8080/sandbox') {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} /_control${path} answered ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  /** Plays a fault from now on (`times` calls, or until cleared). */
  async fault(spec: Omit<FaultSpec, 'method'> & { method?: string }): Promise<Fault> {
    return (await this.call('POST', '/faults', spec)) as Fault;
  }

  async faults(): Promise<Fault[]> {
    return (await this.call('GET', '/faults')) as Fault[];
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  /** Forgets every record and logged request (of one system, or all). */
  async clearData(system?: string): Promise<void> {
    await this.call('DELETE', `/data${system ? `?system=${encodeURIComponent(system)}` : ''}`);
  }

  async requests(filter: RequestFilter = {}): Promise<LoggedRequest[]> {
    const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
    return (await this.call('GET', `/requests${query.size ? `?${query}` : ''}`)) as LoggedRequest[];
  }
}
