import { v7 } from 'uuid';

/** Opaque, time-ordered identifiers (UUIDv7): index-friendly, say nothing about the data. */
export function newId(): string {
  return v7();
}
