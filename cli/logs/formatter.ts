/** A log pretty printer consumes one agent output line at a time. */
import type { Writable } from 'node:stream';

export interface LogStreams {
  stdout: Writable;
  stderr: Writable;
}

export type LineFormatter = (line: string) => void;

/** Parses a JSON object line, or undefined for anything else (echoed verbatim by the callers). */
export function parseEvent(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
