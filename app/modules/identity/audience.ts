// The one rule for whom an assignment (or the exam it opens) reaches inside its unit's subtree: party members only if it
// says so, and the listed positions if it lists any. Pure: used by "my tasks", the roll-up and the
// exam's assignment rule.
export function applies(a: { partyOnly: boolean; positionsJson: string }, p: { isPartyMember: boolean; position: string }): boolean {
  if (a.partyOnly && !p.isPartyMember) return false;
  const positions = JSON.parse(a.positionsJson) as string[];
  return positions.length === 0 || positions.includes(p.position);
}

/** Whether the assignment filters by position (the person's position must then be known). */
export function filtersPositions(a: { positionsJson: string }): boolean {
  return (JSON.parse(a.positionsJson) as string[]).length > 0;
}
