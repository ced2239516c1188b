/** The title and summary of a judgement made again because its base branch moved (a push to it). */
import { inlineCode } from "./escape-markdown.js";

/** The base branch of a pull request, and the commit it is now at. */
export interface BaseMoved {
  branch: string;
  sha: string;
}

export function renderBaseMoved(moved: BaseMoved, title: string, summary: string): { title: string; summary: string } {
  const at = moved.sha.slice(0, 7);
  return {
    title: `Base moved (${moved.branch} is now at ${at}): ${title}`,
    summary:
      `> [!NOTE]\n> Judged again because the base branch moved: ${inlineCode(moved.branch)} is now at ${inlineCode(at)}, ` +
      `with changes to watched files or the config. The verdict below is against that commit.\n\n${summary}`,
  };
}
