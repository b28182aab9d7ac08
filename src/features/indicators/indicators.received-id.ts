import { uuidV5 } from '../../platform/ids.js';
import { STIX_ID_NAMESPACE } from '../sharing/sharing.stix.js';

/**
 * The STIX id of the indicator standing for this value on this incident in the center's "indicators received"
 * (stored with the indicator, so that the collection finds it by id): a UUIDv5 in the STIX namespace, the same as
 * migration 0046 wrote with the uuid package (test/unit/uuid-v5.test.ts).
 */
export const receivedIndicatorId = (incidentId: string, type: string, value: string) =>
  `indicator--${uuidV5(JSON.stringify(['indicator', 'received', incidentId, type, value]), STIX_ID_NAMESPACE)}`;
