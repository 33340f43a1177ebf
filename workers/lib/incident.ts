/** Shapes the incident workers share (see bpmn/incident-response.bpmn). */

/** A monitoring alert (monitoring/alerts/:id). */
export interface Alert {
  id: string;
  service: string;
  metric?: string;
  severity?: string;
  cause?: string;
  knownCause?: boolean;
  runbook?: string | null;
  message?: string;
}

export type Impact = 'outage' | 'degraded' | 'minor' | 'none';
