import { Table } from './table.ts';
import type {
  DeployedDecision,
  DeployedDecisionRequirements,
  DeployedProcess,
  ElementInstance,
  Incident,
  Job,
  Message,
  MessageSubscription,
  SignalSubscription,
  Timer,
  UserTask,
} from './types.ts';
import { VariableStore } from './variable-store.ts';

/**
 * Everything live, in memory, mirrored to Postgres at every batch commit. Memory is a
 * cache of what is committed plus the batch in flight, never the only copy.
 */
export class EngineState {
  readonly elements = new Table<ElementInstance>('element_instances');
  readonly jobs = new Table<Job>('jobs');
  readonly incidents = new Table<Incident>('incidents');
  readonly timers = new Table<Timer>('timers');
  readonly subscriptions = new Table<MessageSubscription>('message_subscriptions');
  readonly messages = new Table<Message>('messages');
  readonly userTasks = new Table<UserTask>('user_tasks');
  readonly signalSubscriptions = new Table<SignalSubscription>('signal_subscriptions');
  readonly variables = new VariableStore();

  readonly definitions = new Map<string, DeployedProcess>();
  readonly latestByProcessId = new Map<string, DeployedProcess>();
  /** The highest version ever given per process id, deleted ones included: versions are never reused. */
  readonly highestVersion = new Map<string, number>();
  readonly newDefinitions: DeployedProcess[] = [];
  /** DMN: requirements graphs by key, decisions by key, and the latest version of each decision id. */
  readonly decisionRequirements = new Map<string, DeployedDecisionRequirements>();
  readonly decisions = new Map<string, DeployedDecision>();
  readonly latestDecision = new Map<string, DeployedDecision>();
  readonly latestRequirements = new Map<string, DeployedDecisionRequirements>();
  readonly newRequirements: DeployedDecisionRequirements[] = [];
  readonly deletedDefinitions: string[] = [];

  /** Indexes, rebuilt on load and kept in step by the mutators below. */
  private readonly children = new Map<string, Set<string>>();
  private readonly activatable = new Map<string, Set<string>>();
  private readonly subscriptionsByMessage = new Map<string, Set<string>>();
  private readonly messagesByCorrelation = new Map<string, Set<string>>();
  private readonly messageIds = new Map<string, string>();
  private readonly signalsByName = new Map<string, Set<string>>();

  /** Message start events: `bpmnProcessId\0correlationKey` → the active instance it started. */
  readonly messageStartKeys = new Map<string, string>();

  lastKey = 0n;

  nextKey(): string {
    this.lastKey += 1n;
    return (KEY_BASE + this.lastKey).toString();
  }

  // --- process definitions
  addDefinition(def: DeployedProcess, isNew: boolean): void {
    this.definitions.set(def.key, def);
    this.noteVersion(def.bpmnProcessId, def.version);
    const latest = this.latestByProcessId.get(def.bpmnProcessId);
    if (!latest || latest.version < def.version) this.latestByProcessId.set(def.bpmnProcessId, def);
    if (isNew) this.newDefinitions.push(def);
  }

  noteVersion(bpmnProcessId: string, version: number): void {
    if ((this.highestVersion.get(bpmnProcessId) ?? 0) < version) this.highestVersion.set(bpmnProcessId, version);
  }

  /** Forgets a deleted definition; the highest remaining version is the latest again. */
  removeDefinition(key: string): void {
    const def = this.definitions.get(key);
    if (!def) return;
    this.definitions.delete(key);
    this.deletedDefinitions.push(key);
    if (this.latestByProcessId.get(def.bpmnProcessId) !== def) return;
    this.latestByProcessId.delete(def.bpmnProcessId);
    for (const d of this.definitions.values()) {
      const latest = this.latestByProcessId.get(d.bpmnProcessId);
      if (d.bpmnProcessId === def.bpmnProcessId && (!latest || latest.version < d.version)) this.latestByProcessId.set(d.bpmnProcessId, d);
    }
  }

  addDecisionRequirements(drg: DeployedDecisionRequirements, decisions: DeployedDecision[], isNew: boolean): void {
    this.decisionRequirements.set(drg.key, drg);
    const latest = this.latestRequirements.get(drg.decisionRequirementsId);
    if (!latest || latest.version < drg.version) this.latestRequirements.set(drg.decisionRequirementsId, drg);
    for (const d of decisions) {
      this.decisions.set(d.key, d);
      const current = this.latestDecision.get(d.decisionId);
      if (!current || current.version < d.version) this.latestDecision.set(d.decisionId, d);
    }
    if (isNew) this.newRequirements.push(drg);
  }

  // --- element instances
  putElement(instance: ElementInstance): void {
    if (!this.elements.has(instance.key) && instance.flowScopeKey) {
      let set = this.children.get(instance.flowScopeKey);
      if (!set) this.children.set(instance.flowScopeKey, (set = new Set()));
      set.add(instance.key);
    }
    this.elements.put(instance);
  }

  removeElement(key: string): void {
    const instance = this.elements.get(key);
    if (!instance) return;
    if (instance.flowScopeKey) {
      const set = this.children.get(instance.flowScopeKey);
      set?.delete(key);
      if (set?.size === 0) this.children.delete(instance.flowScopeKey);
    }
    this.children.delete(key);
    this.elements.remove(key);
    this.variables.dropScope(key);
  }

  childrenOf(scopeKey: string): ElementInstance[] {
    const keys = this.children.get(scopeKey);
    if (!keys) return [];
    const result: ElementInstance[] = [];
    for (const k of keys) {
      const e = this.elements.get(k);
      if (e) result.push(e);
    }
    return result;
  }

  // --- jobs
  putJob(job: Job): void {
    this.indexJob(job);
    this.jobs.put(job);
  }

  removeJob(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    this.activatable.get(job.type)?.delete(key);
    this.jobs.remove(key);
  }

  private indexJob(job: Job): void {
    let set = this.activatable.get(job.type);
    if (job.state === 'ACTIVATABLE' && !job.incidentKey) {
      if (!set) this.activatable.set(job.type, (set = new Set()));
      set.add(job.key);
    } else {
      set?.delete(job.key);
    }
  }

  /** Activatable jobs of a type, oldest first. */
  activatableJobs(type: string): Iterable<string> {
    return this.activatable.get(type) ?? [];
  }

  hasActivatable(type: string): boolean {
    return (this.activatable.get(type)?.size ?? 0) > 0;
  }

  // --- message subscriptions
  putSubscription(sub: MessageSubscription): void {
    const id = correlationId(sub.messageName, sub.correlationKey);
    let set = this.subscriptionsByMessage.get(id);
    if (!set) this.subscriptionsByMessage.set(id, (set = new Set()));
    set.add(sub.key);
    this.subscriptions.put(sub);
  }

  removeSubscription(key: string): void {
    const sub = this.subscriptions.get(key);
    if (!sub) return;
    this.subscriptionsByMessage.get(correlationId(sub.messageName, sub.correlationKey))?.delete(key);
    this.subscriptions.remove(key);
  }

  subscriptionsFor(name: string, correlationKey: string): MessageSubscription[] {
    const keys = this.subscriptionsByMessage.get(correlationId(name, correlationKey));
    if (!keys) return [];
    return [...keys].map((k) => this.subscriptions.get(k)).filter((s): s is MessageSubscription => !!s);
  }

  // --- signal subscriptions
  putSignalSubscription(sub: SignalSubscription): void {
    let set = this.signalsByName.get(sub.signalName);
    if (!set) this.signalsByName.set(sub.signalName, (set = new Set()));
    set.add(sub.key);
    this.signalSubscriptions.put(sub);
  }

  removeSignalSubscription(key: string): void {
    const sub = this.signalSubscriptions.get(key);
    if (!sub) return;
    this.signalsByName.get(sub.signalName)?.delete(key);
    this.signalSubscriptions.remove(key);
  }

  signalSubscriptionsFor(name: string): SignalSubscription[] {
    const keys = this.signalsByName.get(name);
    if (!keys) return [];
    return [...keys].map((k) => this.signalSubscriptions.get(k)).filter((s): s is SignalSubscription => !!s);
  }

  // --- buffered messages
  putMessage(message: Message): void {
    const id = correlationId(message.name, message.correlationKey);
    let set = this.messagesByCorrelation.get(id);
    if (!set) this.messagesByCorrelation.set(id, (set = new Set()));
    set.add(message.key);
    if (message.messageId) this.messageIds.set(messageIdKey(message), message.key);
    this.messages.put(message);
  }

  removeMessage(key: string): void {
    const message = this.messages.get(key);
    if (!message) return;
    this.messagesByCorrelation.get(correlationId(message.name, message.correlationKey))?.delete(key);
    if (message.messageId) this.messageIds.delete(messageIdKey(message));
    this.messages.remove(key);
  }

  bufferedMessages(name: string, correlationKey: string): Message[] {
    const keys = this.messagesByCorrelation.get(correlationId(name, correlationKey));
    if (!keys) return [];
    return [...keys].map((k) => this.messages.get(k)).filter((m): m is Message => !!m);
  }

  findMessageById(name: string, correlationKey: string, messageId: string): Message | undefined {
    const key = this.messageIds.get(`${name}\u0000${correlationKey}\u0000${messageId}`);
    return key ? this.messages.get(key) : undefined;
  }

  /** Rebuilds indexes after rows were loaded with `load` (engine start). */
  rebuildIndexes(): void {
    for (const e of this.elements.values()) {
      if (!e.flowScopeKey) continue;
      let set = this.children.get(e.flowScopeKey);
      if (!set) this.children.set(e.flowScopeKey, (set = new Set()));
      set.add(e.key);
    }
    const jobs = [...this.jobs.values()].sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
    for (const job of jobs) this.indexJob(job);
    for (const sub of this.subscriptions.values()) {
      const id = correlationId(sub.messageName, sub.correlationKey);
      let set = this.subscriptionsByMessage.get(id);
      if (!set) this.subscriptionsByMessage.set(id, (set = new Set()));
      set.add(sub.key);
    }
    for (const e of this.elements.values()) {
      if (e.startCorrelationKey && e.flowScopeKey === null) this.messageStartKeys.set(`${e.bpmnProcessId}\u0000${e.startCorrelationKey}`, e.key);
    }
    for (const s of this.signalSubscriptions.values()) {
      let set = this.signalsByName.get(s.signalName);
      if (!set) this.signalsByName.set(s.signalName, (set = new Set()));
      set.add(s.key);
    }
    for (const m of this.messages.values()) {
      const id = correlationId(m.name, m.correlationKey);
      let set = this.messagesByCorrelation.get(id);
      if (!set) this.messagesByCorrelation.set(id, (set = new Set()));
      set.add(m.key);
      if (m.messageId) this.messageIds.set(messageIdKey(m), m.key);
    }
  }
}

/** Keys look like Zeebe's partition-1 keys (partition id in the top bits), so clients that decode them work. */
export const KEY_BASE = 1n << 51n;

function correlationId(name: string, correlationKey: string): string {
  return `${name}\u0000${correlationKey}`;
}

function messageIdKey(m: Message): string {
  return `${m.name}\u0000${m.correlationKey}\u0000${m.messageId}`;
}
