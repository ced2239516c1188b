/**
 * A real redis-server for the tests that share state, on a free port of the loopback, with nothing written
 * to disk. `.ci/run` installs it when missing; without it these tests fail and say so, never skip.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, createConnection } from "node:net";

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

const MISSING = "redis-server is not installed: the Redis tests need a real server (`apt-get install -y redis-server`, as .ci/run does)";

/** Starts redis-server and resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  if (spawnSync("redis-server", ["--version"]).error) throw new Error(MISSING);
  // redis-server has no `--port 0`: take a free port from the system, then give it back for redis to bind.
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<never>((_, reject) => {
    child.on("error", (error) => reject(new Error(`${MISSING} (${error.message})`)));
    child.on("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
  exited.catch(() => undefined);
  // Ready when it says so on its output; then PING proves it answers on the port.
  const ready = new Promise<void>((resolve) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
  });
  await Promise.race([ready, exited]);
  const pong = await Promise.race([ping(port), exited]);
  if (pong !== "+PONG") throw new Error(`redis-server on port ${port} answered ${JSON.stringify(pong)} to PING`);
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => stop(child) };
}

/** A port of the loopback that nothing listens on (taken from the system, then given back). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** One PING over a plain socket, its first line of answer. */
function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.includes("\r\n")) {
        socket.end();
        resolve(answer.split("\r\n")[0]!);
      }
    });
    socket.on("error", reject);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
