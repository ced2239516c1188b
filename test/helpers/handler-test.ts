/**
 * The frame of every handler test: a fresh Probot (fresh app memory) and a fresh fake GitHub per test, and
 * after each test the checks that make a passing test mean something: no request left unanswered, no
 * expected request left unsent, every request valid against GitHub's API description.
 */
import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, expect } from "vitest";
import { GitHubMock } from "./github-mock.js";
import { createTestProbot } from "./probot.js";

export interface HandlerTest {
  probot: Probot;
  gh: GitHubMock;
}

export function useHandlerTest(): HandlerTest {
  const t = {} as HandlerTest;
  beforeEach(async () => {
    t.probot = await createTestProbot();
    t.gh = new GitHubMock();
  });
  afterEach(() => expectMockSettled(t.gh));
  return t;
}

/** After a test: no request left unanswered, no expected request left unsent, every request valid. */
export function expectMockSettled(gh: GitHubMock): void {
  gh.dispose();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(gh.unmatched, "requests no mock answered").toEqual([]);
  expect(pending, "expected requests the app did not send").toEqual([]);
  expect(gh.problems, "requests that do not match GitHub's API").toEqual([]);
}
