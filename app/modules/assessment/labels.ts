// Labels shared by server and browser for exam settings.
export const REVIEW_LABEL: Record<string, string> = {
  score: "交卷后只显示得分",
  responses: "交卷后显示得分和每题对错",
  full: "交卷后显示得分、每题对错、正确答案、解析和出处",
};
export const REVIEW_WHEN_LABEL: Record<string, string> = { immediately: "交卷后立即", afterClose: "考试结束后" };

export const REVIEW_MODES = ["score", "responses", "full"] as const;
