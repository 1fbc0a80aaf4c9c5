// 第一百零三条 → 103. Handles the numerals used for article numbers (up to 9999).
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!text || ![...text].every((c) => c in DIGITS || c in UNITS)) return null;
  let total = 0;
  let digit: number | null = null;
  for (const c of text) {
    if (c in DIGITS) digit = DIGITS[c]!;
    else {
      total += (digit ?? 1) * UNITS[c]!;
      digit = null;
    }
  }
  return total + (digit ?? 0);
}

export function toChineseNumber(n: number): string {
  // not-ui: numerals that spell article numbers, the inverse of parseChineseNumber
  const d = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
  if (n < 10) return d[n]!;
  // not-ui: numeral
  if (n < 20) return `十${n % 10 ? d[n % 10] : ""}`;
  const parts: string[] = [];
  // not-ui: numeral units
  const units: [number, string][] = [[1000, "千"], [100, "百"], [10, "十"]];
  let rest = n;
  let zero = false;
  for (const [value, name] of units) {
    const q = Math.floor(rest / value);
    if (q > 0) {
      if (zero) parts.push("零"); // not-ui: numeral
      parts.push(d[q]! + name);
      zero = false;
    } else if (parts.length > 0) zero = true;
    rest %= value;
  }
  if (rest > 0) {
    if (zero) parts.push("零"); // not-ui: numeral
    parts.push(d[rest]!);
  }
  return parts.join("");
}
