// Data the lesson's components need, loaded by the route (never answers or explanations).
import { createContext, useContext } from "react";

export type ArticleRef = { id: string; label: string; regulation: string; regulationSlug: string; body: string };
export type CaseRef = { slug: string; title: string; summary: string };
export type CheckQuestion = { id: string; type: string; stem: string; options: string[]; blanks: number };

export type LessonData = {
  lessonId: string | null;
  articles: Record<string, ArticleRef>;
  cases: Record<string, CaseRef>;
  questions: Record<string, CheckQuestion>;
};

export const LessonDataContext = createContext<LessonData>({ lessonId: null, articles: {}, cases: {}, questions: {} });
export const useLessonData = () => useContext(LessonDataContext);
