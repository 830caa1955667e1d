/**
 * Comment commands (KELOS-BEHAVIOUR §3.5/§3.7): a comment "contains" a command
 * iff one of its lines, trimmed, equals the command exactly. With both a
 * trigger and excludes, the most recent command wins.
 */
import { COMMENT_SEPARATOR } from '../decide/work-item.js';

export interface CommentRules {
  triggerComment?: string;
  excludeComments?: readonly string[];
}

export function containsCommand(comment: string, command: string): boolean {
  if (!command) return false;
  return comment.split('\n').some((line) => line.trim() === command);
}

/** `comments` is the joined form of WorkItem.comments. */
export function passesCommentFilter(comments: string, rules: CommentRules): boolean {
  const trigger = rules.triggerComment ?? '';
  const excludes = (rules.excludeComments ?? []).filter(Boolean);
  if (!trigger && excludes.length === 0) return true;
  const list = comments === '' ? [] : comments.split(COMMENT_SEPARATOR);
  const excluded = (c: string): boolean => excludes.some((e) => containsCommand(c, e));
  if (!trigger) return !list.some(excluded);
  if (excludes.length === 0) return list.some((c) => containsCommand(c, trigger));
  for (let i = list.length - 1; i >= 0; i--) {
    const comment = list[i] ?? '';
    if (excluded(comment)) return false;
    if (containsCommand(comment, trigger)) return true;
  }
  return false;
}
