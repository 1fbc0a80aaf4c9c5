// The page's building blocks, one style each: the page title and the white card most screens are
// made of. A card takes the element it should be (a section by default, a list, a list item…).
import { createElement, type HTMLAttributes, type ReactNode } from "react";

/** The card look, for the few places that need it on an element of their own (a <Form>). */
export const CARD = "rounded-xl bg-white shadow-sm ring-1 ring-stone-200";

type CardTag = "section" | "div" | "article" | "ul" | "ol" | "li" | "aside" | "details" | "nav";

export function Card({ as = "section", className, children, ...rest }: HTMLAttributes<HTMLElement> & { as?: CardTag; children?: ReactNode }) {
  return createElement(as, { ...rest, className: className ? `${CARD} ${className}` : CARD }, children);
}

export function PageTitle({ className, children, ...rest }: HTMLAttributes<HTMLHeadingElement> & { children?: ReactNode }) {
  return (
    <h1 {...rest} className={`text-2xl font-bold text-stone-900${className ? ` ${className}` : ""}`}>
      {children}
    </h1>
  );
}
