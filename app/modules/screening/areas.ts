// Vocabulary of problem screening, shared by server and browser.
import { t } from "#app/lib/strings.ts";

// The six disciplines (from the shared strings) and the five styles.
export const AREAS: Record<string, string> = {
  ...t.disciplines,
  "style-study": "学风",
  "style-work": "工作作风",
  "style-leadership": "领导作风",
  "style-life": "生活作风",
  "style-conduct": "纪律作风",
};
export const SOURCES: Record<string, string> = { superior: "上级点", peer: "互相提", self: "自己找", collective: "集体议" };
export const RESPONSES: Record<string, string> = { pending: "待确认", confirmed: "已确认", disputed: "有异议" };
export const LEDGER_SOURCES: Record<string, string> = { portrait: "画像查摆", self: "个人自查", cross: "交叉暗访", review: "单位自查", case: "违纪违法案件" };
export const RISK_CATEGORIES: Record<string, string> = { post: "重点岗位", business: "重点业务", process: "重点环节" };
export const RISK_LEVELS: Record<string, string> = { high: "高", medium: "中", low: "低" };
