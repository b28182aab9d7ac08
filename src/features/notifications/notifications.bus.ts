import type { EventBus } from '../../platform/events/events.js';
import type { NotificationDeps } from './notifications.deps.js';
import { planNotifications } from './notifications.planner.js';

/** The event bus, and with every recorded event the notifications it calls for, in the same unit. */
export function notifyingEvents(bus: EventBus, deps: NotificationDeps): EventBus {
  return {
    ...bus,
    async record(unit, event, at) {
      await bus.record(unit, event, at);
      await planNotifications(unit, deps, event, at);
    },
  };
}
