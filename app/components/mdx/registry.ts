// Turns compiled lesson code into a React component without `eval` in the browser: the server
// evaluates code it compiled itself; the browser receives the same code as a same-origin script
// (/mdx/<hash>.js, allowed by the CSP's 'self') that registers a factory under its hash.
import * as React from "react";
import * as ReactDOM from "react-dom";
import * as jsxRuntime from "react/jsx-runtime";
import { t } from "#app/lib/strings.ts";

type MdxProps = { components?: Record<string, React.ComponentType<never>> };
type MdxComponent = React.ComponentType<MdxProps>;
type Factory = (react: unknown, reactDom: unknown, jsx: unknown) => { default: MdxComponent };

declare global {
  interface Window {
    __qfMdx?: Record<string, Factory>;
  }
}

const components = new Map<string, MdxComponent>();

/** Server only: evaluates trusted compiled code (it passed validation before it was compiled). */
export function registerCompiledOnServer(hash: string, code: string) {
  if (components.has(hash)) return;
  const factory = new Function("React", "ReactDOM", "_jsx_runtime", code) as Factory;
  if (components.size > 1000) components.clear();
  components.set(hash, factory(React, ReactDOM, jsxRuntime).default);
}

export function mdxComponentFor(hash: string): MdxComponent | null {
  const hit = components.get(hash);
  if (hit) return hit;
  if (typeof window !== "undefined") {
    const factory = window.__qfMdx?.[hash];
    if (factory) {
      const component = factory(React, ReactDOM, jsxRuntime).default;
      components.set(hash, component);
      return component;
    }
  }
  return null;
}

export function mdxScriptUrl(hash: string) {
  return `/mdx/${hash}.js`;
}

/** Browser: loads the registering script before a client-side navigation renders the lesson. */
export function loadMdxScript(hash: string): Promise<void> {
  if (typeof window === "undefined" || window.__qfMdx?.[hash]) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = mdxScriptUrl(hash);
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(t.components.lessonLoadFailed));
    document.head.appendChild(script);
  });
}
