/**
 * The fake GitHub (fake-github.ts) behind a nock interceptor: what both modes that run on nock share, the
 * strict one (github-mock.ts, one interceptor per expected request) and the fault tests' (one interceptor
 * per method, for every request). Kept apart from fake-github.ts, which the end-to-end tests load: nothing
 * there may intercept a request.
 */
import type nock from "nock";
import { HANG, type Answer, type FakeGitHub } from "./fake-github.js";

/**
 * Answers what `interceptor` takes with `fake`, as `answer` says where the test says. A request the fake
 * leaves unanswered (a fault that hangs) is handed to `onHang`, and nock drops it.
 */
export function answerWithFake(interceptor: nock.Interceptor, method: string, fake: FakeGitHub, options: { answer?: Answer; onHang: (uri: string) => void }): nock.Scope {
  return interceptor.reply(function (this: { req: { headers: Record<string, string> } }, uri, body, callback) {
    const text = body === undefined || body === null ? "" : typeof body === "string" ? body : JSON.stringify(body);
    fake.handle({ method, path: uri, headers: this.req.headers, body: text }, options.answer).then(
      (response) => {
        if (response === HANG) {
          options.onHang(uri);
          return;
        }
        callback(null, [response.status, Buffer.isBuffer(response.body) ? response.body : JSON.stringify(response.body), { "content-type": "application/json; charset=utf-8", ...response.headers }]);
      },
      (error: Error) => callback(error, [500, ""]),
    );
  });
}
