/**
 * The frame of every handler test: a fresh Probot (fresh app memory) and a fresh fake GitHub per test, and
 * after each test the checks that make a passing test mean something: no request left unanswered, no
 * expected request left unsent, every request valid against GitHub's API description.
 */
import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, expect } from "vitest";
import { GitHubMock } from "./github-mock.js";
import { createTestProbot, TEST_NOW, testMemory } from "./probot.js";

export interface HandlerTest {
  probot: Probot;
  gh: GitHubMock;
  /** The app's clock (ms since the epoch), TEST_NOW at the start of each test; a test moves it. */
  clock: { now: number };
}

export function useHandlerTest(): HandlerTest {
  const t = {} as HandlerTest;
  beforeEach(async () => {
    t.clock = { now: TEST_NOW };
    t.probot = await createTestProbot(testMemory(() => t.clock.now));
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
  expect(gh.unknown, "requests the fake does not know").toEqual([]);
}
