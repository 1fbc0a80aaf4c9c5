// HTTP helpers and load loops for the benchmarks (loopback only, bounded in time and count).
export type Res = { status: number; headers: { location?: string }; body: string; ms: number };

export async function request(port: number, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { Origin: `http://127.0.0.1:${port}`, ...options.headers },
    body: options.body,
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
  });
  const body = await res.text();
  return { status: res.status, headers: { location: res.headers.get("location") ?? undefined }, body, ms: performance.now() - started };
}

/** Requests/s of `make` over `seconds` with `connections` loops in parallel. */
export async function throughput(seconds: number, connections: number, make: () => Promise<Res>): Promise<{ rps: number; errors: number; p99: number }> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const r = await make().catch(() => ({ status: 0, ms: 0 }) as Res);
        if (r.status >= 500 || r.status === 0) errors++;
        latencies.push(r.ms);
        n++;
      }
    }),
  );
  return { rps: n / seconds, errors, p99: percentile(latencies, 0.99) };
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

export async function waitFor(port: number, path = "/healthz", seconds = 30) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const ok = await request(port, "GET", path).then((r) => r.status === 200).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on ${port} did not start`);
}
