// The rules that make progress mean something. Pure, so they can be tested exactly:
// - time is credited only for beats from a visible page with an active person, and never more than
//   the real time elapsed on the server since the previous beat (a forged beat gains nothing);
// - a lesson is complete when its rule is met: the end reached, its knowledge check passed where it
//   has one, a minimum active time only where the trainer set one, and for each video the share
//   actually watched (seeking ahead does not count) of the length the server read from the file.
import { t } from "#app/lib/strings.ts";

/** The page sends a beat this often while it is open. */
export const BEAT_SECONDS = 15;
/** One beat never earns more than this. */
export const MAX_CREDIT_SECONDS = 20;
/** A longer silence means the person was away: the gap earns nothing. */
export const GAP_SECONDS = 60;
/** No input for this long and the page reports the person as idle. */
export const IDLE_SECONDS = 90;
/** Share of a video that must actually be played. */
export const VIDEO_SHARE = 0.9;
/** Playback may run at up to this speed. */
export const MAX_PLAYBACK_RATE = 2;

export type Beat = { visible: boolean; active: boolean };

export function creditFor(lastBeatAt: Date | null, now: Date, beat: Beat): number {
  if (!beat.visible || !beat.active || !lastBeatAt) return 0;
  const elapsed = (now.getTime() - lastBeatAt.getTime()) / 1000;
  if (!(elapsed > 0) || elapsed > GAP_SECONDS) return 0;
  return Math.min(Math.floor(elapsed), MAX_CREDIT_SECONDS);
}

export type Range = [number, number];

/** Union of ranges, sorted and merged. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = ranges
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > a && a >= 0)
    .map(([a, b]) => [a, b] as Range)
    .sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function covered(ranges: Range[]): number {
  return mergeRanges(ranges).reduce((s, [a, b]) => s + (b - a), 0);
}

/**
 * Accepts newly reported played ranges only if the watched time they add could really have been
 * played since the last video beat; otherwise keeps what was known.
 */
export function acceptVideoRanges(known: Range[], reported: Range[], duration: number, lastVideoBeatAt: Date | null, now: Date): Range[] {
  const clipped = reported.map(([a, b]) => [Math.max(0, a), Math.min(duration, b)] as Range);
  const next = mergeRanges([...known, ...clipped]);
  const added = covered(next) - covered(known);
  const elapsed = lastVideoBeatAt ? (now.getTime() - lastVideoBeatAt.getTime()) / 1000 : MAX_CREDIT_SECONDS;
  const allowed = Math.max(0, Math.min(elapsed, GAP_SECONDS)) * MAX_PLAYBACK_RATE + 2;
  return added <= allowed ? next : known;
}

export type CompletionRule = { hasCheck: boolean; minActiveSeconds: number | null; videos: string[] };
export type ProgressFacts = {
  reachedEnd: boolean;
  checkPassed: boolean;
  activeSeconds: number;
  video: Record<string, Range[]>;
  /** Seconds, from the stored file's header (never the browser); a video missing here counts 0 %. */
  videoDurations: Record<string, number>;
};

export type Requirement = { key: "end" | "check" | "time" | "video"; met: boolean; label: string };

export function requirements(rule: CompletionRule, p: ProgressFacts): Requirement[] {
  const out: Requirement[] = [{ key: "end", met: p.reachedEnd, label: t.lessonProgress.end }];
  if (rule.hasCheck) out.push({ key: "check", met: p.checkPassed, label: t.lessonProgress.check });
  if (rule.minActiveSeconds) {
    out.push({ key: "time", met: p.activeSeconds >= rule.minActiveSeconds, label: t.lessonProgress.time(Math.ceil(rule.minActiveSeconds / 60)) });
  }
  for (const src of rule.videos) {
    const duration = p.videoDurations[src] ?? 0;
    const share = duration > 0 ? covered(p.video[src] ?? []) / duration : 0;
    out.push({ key: "video", met: share >= VIDEO_SHARE, label: t.lessonProgress.video(Math.round(VIDEO_SHARE * 100), Math.floor(share * 100)) });
  }
  return out;
}

export function isComplete(rule: CompletionRule, p: ProgressFacts): boolean {
  return requirements(rule, p).every((r) => r.met);
}
