import {
  compareCursors,
  type EventCursor,
  type LiveEvent,
  MAX_EARLY_IN_ID,
  START,
  type StreamPosition,
} from './events.js';

// Where one live stream is. Final events come in readers' order (see EventCursor) and are sent once each; on
// PostgreSQL an event may also come early — as soon as its transaction committed, while an older one still runs —
// and then comes again once final. The stream's id must let a client that reconnects miss nothing and get nothing
// twice: it names the last final place passed (a replay resumes after it, so an older transaction that committed
// later is not skipped) and the early events sent since (the replay leaves them out).

interface Early {
  place: EventCursor;
  /** Whether this stream wrote it (the caller may receive it): only those are named in the id. */
  written: boolean;
}

export function streamPosition() {
  let at: EventCursor = START;
  const early = new Map<number, Early>();
  /** Moves on to a final place every event up to which was handled. */
  const reach = (place: EventCursor) => {
    if (compareCursors(place, at) <= 0) return;
    at = place;
    for (const [seq, e] of early) if (compareCursors(e.place, at) <= 0) early.delete(seq);
  };
  return {
    /**
     * Takes the next event, replayed or live; `receivable`: whether the caller may receive it. True when it is to
     * be written: not sent already, final or early.
     */
    take(e: LiveEvent, receivable: boolean): boolean {
      const place = { txid: e.txid, seq: e.seq };
      if (compareCursors(place, at) <= 0) return false;
      if (e.early) {
        // Every final event up to `finalAt` was sent to this stream already, or came before it started (and was
        // not its to send): a client that resumes from there misses nothing. A stream that began without an id
        // thus gets a place in its first early frame's id.
        if (e.finalAt) reach(e.finalAt);
        if (early.has(e.seq)) return false;
        early.set(e.seq, { place, written: receivable });
        return receivable;
      }
      const sent = early.get(e.seq);
      early.delete(e.seq);
      reach(place);
      return sent === undefined && receivable;
    },
    /**
     * Starts from a client's position: its final place, and the early events its id names (their places, read
     * again: a number that names nothing held is left out).
     */
    resume(position: EventCursor, sentEarly: readonly EventCursor[]) {
      at = position;
      for (const place of sentEarly)
        if (compareCursors(place, at) > 0) early.set(place.seq, { place, written: true });
    },
    /** Moves on to a final place every event up to which was handled (the end of a replay). */
    reach,
    /** What the id of the next frame says (at most MAX_EARLY_IN_ID early events: one more may come twice). */
    current(): StreamPosition {
      const sent: number[] = [];
      for (const [seq, e] of early) if (e.written) sent.push(seq);
      return { at, early: sent.sort((a, b) => a - b).slice(0, MAX_EARLY_IN_ID) };
    },
  };
}
