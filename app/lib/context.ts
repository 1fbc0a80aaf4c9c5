// What the server hands every loader and action besides the request.
export type LoadContext = { cspNonce?: string; clientIp?: string };

export function clientIp(context: unknown, request: Request): string {
  const ip = (context as LoadContext | undefined)?.clientIp;
  void request;
  return ip || "unknown";
}
