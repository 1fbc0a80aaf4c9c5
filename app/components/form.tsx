// Small form building blocks shared by the admin and authoring screens.
import type { ReactNode } from "react";

export const inputClass =
  "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-[15px] focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none";

export function Field({ label, name, error, children, hint }: { label: string; name: string; error?: string; children: ReactNode; hint?: string }) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-stone-700">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="mt-1 text-xs text-stone-500">{hint}</p> : null}
      {error ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Button({ children, variant = "primary", ...props }: React.ComponentProps<"button"> & { variant?: "primary" | "secondary" | "danger" }) {
  const styles = {
    primary: "bg-brand-600 text-white hover:bg-brand-700",
    secondary: "border border-stone-300 bg-white text-stone-800 hover:bg-stone-50",
    danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
  }[variant];
  return (
    <button {...props} className={`rounded-md px-4 py-2 text-sm font-medium disabled:opacity-60 ${styles} ${props.className ?? ""}`}>
      {children}
    </button>
  );
}

export function Notice({ kind, children }: { kind: "ok" | "error"; children: ReactNode }) {
  return (
    <div role={kind === "error" ? "alert" : "status"} className={`rounded-md px-4 py-3 text-sm ${kind === "ok" ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}>
      {children}
    </div>
  );
}

/** Flattens Zod issues into { field: message }. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = String(i.path[0] ?? "_form");
    out[key] ??= i.message;
  }
  return out;
}

export type SelectOptions = ReadonlyArray<{ value: string; label: string }> | Readonly<Record<string, string>>;

/**
 * A `<select>` styled like the other inputs, built from a list of
 * `{ value, label }` or a `{ value: label }` record. `empty` puts a first
 * option with the value "" (for "all" / "none" / "please choose").
 */
export function Select({ options, empty, className, ...props }: Omit<React.ComponentProps<"select">, "children"> & { options: SelectOptions; empty?: string }) {
  const list = Array.isArray(options) ? (options as ReadonlyArray<{ value: string; label: string }>) : Object.entries(options).map(([value, label]) => ({ value, label }));
  return (
    <select {...props} className={className ?? inputClass}>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {list.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Anything with an id and a name (units, risk points, people) as select options. */
export function nameOptions(units: ReadonlyArray<{ id: string; name: string }>): { value: string; label: string }[] {
  return units.map((u) => ({ value: u.id, label: u.name }));
}
