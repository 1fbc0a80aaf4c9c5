// Classroom and discipline vocabulary shared by server and browser.
export const CLASSROOMS = ["theory", "red", "practice"] as const;
export type Classroom = (typeof CLASSROOMS)[number];
export const DISCIPLINES = ["political", "organizational", "integrity", "mass", "work", "life"] as const;
export type Discipline = (typeof DISCIPLINES)[number];
