import { useEffect, useRef, useState } from 'react';
import type { Translate } from '../i18n.js';
import type { Incident } from './incidents.api.js';
import { type Phase, phaseOf } from './ReviewClock.js';

/**
 * What the queue says aloud about deadlines: only when a report's deadline comes within 5 minutes and when
 * it passes — never the ticking seconds. A report first seen in a phase is not announced (it is on screen).
 */
export function useDeadlineAnnouncement(items: Incident[], now: number, t: Translate): string {
  const phases = useRef(new Map<string, Phase>());
  const [said, setSaid] = useState('');
  useEffect(() => {
    const next = new Map<string, Phase>();
    const messages: string[] = [];
    for (const incident of items) {
      const due = incident.chain.reviewDueAt;
      if (!due) continue;
      const phase = phaseOf(due, now);
      const before = phases.current.get(incident.id);
      if (before !== undefined && before !== phase && phase !== 'waiting')
        messages.push(
          t(phase === 'soon' ? 'queue.soonAnnounced' : 'queue.overdueAnnounced', { title: incident.title }),
        );
      next.set(incident.id, phase);
    }
    phases.current = next;
    if (messages.length > 0) setSaid(messages.join(' '));
  }, [items, now, t]);
  return said;
}
