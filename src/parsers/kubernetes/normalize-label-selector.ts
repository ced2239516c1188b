import type { Requirement, Selector } from "../../model/types.js";
import { isLabelValue, isQualifiedName } from "../../model/kubernetes-names.js";
import { describeType, field, isPlainObject, reportUnknownFields, type Path, type Report } from "./object-context.js";

const OPERATORS: readonly Requirement["operator"][] = ["In", "NotIn", "Exists", "DoesNotExist"];

/**
 * A `metav1.LabelSelector` as a conjunction of requirements (`matchLabels` entries become `In` with one value).
 * `null`, `{}` and `matchLabels: null` select everything. Reports what the API server rejects; returns the
 * selector even then (the caller drops the object when anything was reported).
 */
export function normalizeLabelSelector(value: unknown, path: Path, report: Report): Selector {
  const requirements: Requirement[] = [];
  if (value === null || value === undefined) return { requirements };
  if (!isPlainObject(value)) {
    report(path, `a label selector must be a mapping, not ${describeType(value)}`);
    return { requirements };
  }
  reportUnknownFields(value, path, ["matchLabels", "matchExpressions"], report);

  const matchLabels = field(value, "matchLabels");
  const labelsPath = [...path, "matchLabels"];
  if (isPlainObject(matchLabels)) {
    for (const [key, labelValue] of Object.entries(matchLabels)) {
      if (!isQualifiedName(key)) report([...labelsPath, key], `"${key}" is not a valid label key`, "key");
      if (typeof labelValue !== "string") {
        report([...labelsPath, key], `label values must be strings, not ${describeType(labelValue)} (quote it)`);
        continue;
      }
      if (!isLabelValue(labelValue)) report([...labelsPath, key], `"${labelValue}" is not a valid label value`);
      requirements.push({ key, operator: "In", values: [labelValue] });
    }
  } else if (matchLabels !== null && matchLabels !== undefined) {
    report(labelsPath, `matchLabels must be a mapping, not ${describeType(matchLabels)}`);
  }

  const expressions = field(value, "matchExpressions");
  const expressionsPath = [...path, "matchExpressions"];
  if (Array.isArray(expressions)) {
    expressions.forEach((expression: unknown, index) => {
      const requirement = normalizeRequirement(expression, [...expressionsPath, index], report);
      if (requirement !== null) requirements.push(requirement);
    });
  } else if (expressions !== null && expressions !== undefined) {
    report(expressionsPath, `matchExpressions must be a list, not ${describeType(expressions)}`);
  }
  return { requirements };
}

function normalizeRequirement(value: unknown, path: Path, report: Report): Requirement | null {
  // A null list item decodes to an empty requirement, which has no key.
  const expression = value === null ? {} : value;
  if (!isPlainObject(expression)) {
    report(path, `a match expression must be a mapping, not ${describeType(expression)}`);
    return null;
  }
  reportUnknownFields(expression, path, ["key", "operator", "values"], report);
  let valid = true;
  const key = field(expression, "key");
  if (typeof key !== "string" || key === "") {
    report(path, "key is required");
    valid = false;
  } else if (!isQualifiedName(key)) {
    report([...path, "key"], `"${key}" is not a valid label key`);
    valid = false;
  }
  const operator = field(expression, "operator");
  if (typeof operator !== "string" || !(OPERATORS as readonly string[]).includes(operator)) {
    report(
      operator === undefined || operator === null ? path : [...path, "operator"],
      `operator must be one of In, NotIn, Exists, DoesNotExist${typeof operator === "string" ? `, not "${operator}"` : ""}`,
    );
    valid = false;
  }
  const rawValues = field(expression, "values");
  const values: string[] = [];
  if (Array.isArray(rawValues)) {
    rawValues.forEach((item: unknown, index) => {
      if (typeof item !== "string") {
        report([...path, "values", index], `values must be strings, not ${describeType(item)} (quote it)`);
        valid = false;
      } else {
        if (!isLabelValue(item)) {
          report([...path, "values", index], `"${item}" is not a valid label value`);
          valid = false;
        }
        values.push(item);
      }
    });
  } else if (rawValues !== null && rawValues !== undefined) {
    report([...path, "values"], `values must be a list, not ${describeType(rawValues)}`);
    valid = false;
  }
  const noValues = rawValues === null || rawValues === undefined || (Array.isArray(rawValues) && rawValues.length === 0);
  if ((operator === "In" || operator === "NotIn") && noValues) {
    report(path, `operator ${operator} needs at least one value`);
    valid = false;
  }
  if ((operator === "Exists" || operator === "DoesNotExist") && Array.isArray(rawValues) && rawValues.length > 0) {
    report([...path, "values"], `operator ${operator} must not have values`);
    valid = false;
  }
  if (!valid || typeof key !== "string") return null;
  return { key, operator: operator as Requirement["operator"], values };
}
