// Learning vocabulary shared by server and browser.
export const OFFLINE_KINDS: Record<string, string> = {
  partyDay: "主题党日",
  warning: "警示教育会",
  reflection: "廉政自省日",
  lecture: "廉政党课",
  film: "警示教育片集中观影",
};
