import type { Node } from "web-tree-sitter";
import type { Problem, SourceLocation, TfValue } from "../../model/types.js";
import { decodeHclString, decodeHeredoc } from "./decode-hcl-string.js";
import { applyAccessor, LocalValues, referenceValue, relocate, type Accessor, type LocalSlot } from "./local-values.js";

/** One parsed piece of source: a whole file, or a chunk of a broken file. */
export interface SourceUnit {
  file: string;
  /** The text that was parsed (node indices point into it). */
  source: string;
  /** Lines before `source` in the file. */
  lineOffset: number;
  /** Whether the tree has a syntax error anywhere (values are then checked node by node). */
  hasError: boolean;
}

interface LocalDefinition {
  expr: Node | null;
  unit: SourceUnit;
}

type Origin = "attribute" | "block" | "recovered";

/**
 * A `local.NAME...` expression read from one file without the directory's locals (see `deferLocals`): the
 * directory resolves it once all its files are read, exactly as the evaluator would have (the text and
 * location are those of the whole expression, `depth` the evaluator's nesting depth there). It appears
 * inside `TfValue` trees in place of the value, and never leaves the Terraform parser.
 */
export interface LocalReference {
  kind: "local-reference";
  name: string;
  accessors: Accessor[];
  text: string;
  location: SourceLocation;
  depth: number;
}

export function isLocalReference(value: TfValue | LocalReference): value is LocalReference {
  return value.kind === "local-reference";
}

/** Whether a value read with `deferLocals` holds a local reference anywhere. */
export function holdsLocalReference(value: TfValue): boolean {
  if (isLocalReference(value as TfValue | LocalReference)) return true;
  if (value.kind === "list") return value.items.some(holdsLocalReference);
  if (value.kind === "object") {
    for (const entry of value.entries.values()) if (holdsLocalReference(entry)) return true;
  }
  return false;
}

const MAX_TEXT = 200;
export const MAX_DEPTH = 200;
/** `name =` at the start of a line, not `==` or `=>`. */
const ATTRIBUTE_LINE = /^[ \t]*([A-Za-z_][\w-]*)[ \t]*=(?![=>])/gm;

export function locationOf(node: Node, unit: SourceUnit): SourceLocation {
  return {
    file: unit.file,
    line: node.startPosition.row + 1 + unit.lineOffset,
    endLine: node.endPosition.row + 1 + unit.lineOffset,
  };
}

function unresolvableText(node: Node): string {
  const text = node.text;
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + "…" : text;
}

function unresolvable(node: Node, unit: SourceUnit, reason: string): TfValue {
  return { kind: "unresolvable", text: unresolvableText(node), reason, location: locationOf(node, unit) };
}

/** Why a reference rooted at `root` (`var`, `module`, a resource type...) has no static value. */
export function referenceReason(root: string): string {
  switch (root) {
    case "var":
      return "input variable";
    case "module":
      return "output of another module";
    case "data":
      return "data source";
    case "count":
    case "each":
    case "self":
    case "path":
    case "terraform":
      return "value known only when Terraform runs";
    default:
      return "reference to a resource or unknown name";
  }
}

/**
 * Turns HCL expressions into `TfValue`s: literals, lists, objects, heredocs, and `local.*` references
 * resolved against the `locals` of one directory. Anything else becomes `unresolvable`.
 */
export class HclEvaluator {
  private readonly localDefinitions = new Map<string, LocalSlot<LocalDefinition>>();
  private readonly locals = new LocalValues<LocalDefinition, undefined>(this.localDefinitions, ({ expr, unit }, name, location) =>
    expr ? this.evaluate(expr, unit) : { kind: "unresolvable", text: `local.${name}`, reason: "syntax error", location },
  );
  private depth = 0;
  /** The deepest nesting depth reached since it was last reset (with `deferLocals`). */
  deepest = 0;
  /** With `deferLocals`: the local references made since it was last reset, in evaluation order. */
  references: { name: string; depth: number }[] = [];
  /**
   * With `deferLocals`: set when a local reference was used in a way only the directory can evaluate (as an
   * object key, an index, or a value accessed further); the directory must then be read as a whole.
   */
  needsDirectory = false;

  /**
   * @param deferLocals read `local.*` references as `LocalReference`s instead of resolving them, for a file
   * read on its own.
   */
  constructor(
    private readonly problems: Problem[],
    private readonly deferLocals = false,
  ) {}

  /** Registers the attributes of a `locals` block through `define` instead of this evaluator's own table. */
  collectLocals(block: Node, unit: SourceUnit, define: (name: string, expr: Node | null, location: SourceLocation, recovered: boolean) => void): void {
    const saved = this.defineLocalHook;
    this.defineLocalHook = define;
    try {
      this.addLocals(block, unit);
    } finally {
      this.defineLocalHook = saved;
    }
  }

  private defineLocalHook: ((name: string, expr: Node | null, location: SourceLocation, recovered: boolean) => void) | null = null;

  /** Registers the attributes of a `locals` block. */
  addLocals(block: Node, unit: SourceUnit): void {
    for (const child of block.children) {
      if (child.type === "body") {
        for (const item of child.children) {
          if (item.type === "attribute") this.addLocalAttribute(item, unit);
          else if (unit.hasError && item.type === "ERROR") this.recoverLocals(item, unit);
        }
      } else if (unit.hasError && child.type === "ERROR") {
        this.recoverLocals(child, unit);
      }
    }
  }

  private addLocalAttribute(attribute: Node, unit: SourceUnit): void {
    const indent = attribute.startPosition.column;
    const kids = attribute.children;
    const name = kids[0]?.type === "identifier" ? kids[0].text : null;
    if (name === null) return;
    let expr: Node | null = null;
    for (const kid of kids) if (kid.type === "expression") expr = kid;
    if (expr && unit.hasError && attribute.hasError && !expr.hasError) expr = null;
    this.defineLocal(name, expr, locationOf(attribute, unit), unit);
    if (unit.hasError && attribute.hasError) this.recoverLocals(attribute, unit, indent);
  }

  private recoverLocals(region: Node, unit: SourceUnit, indent = -1): void {
    for (const { name, line } of recoverAttributeNames(region, unit, indent)) {
      if (this.defineLocalHook) {
        // Whether the name is already defined is known only once every file of the directory is read.
        this.defineLocalHook(name, null, { file: unit.file, line, endLine: line }, true);
      } else if (!this.localDefinitions.has(name)) {
        this.defineLocal(name, null, { file: unit.file, line, endLine: line }, unit);
      }
    }
  }

  private defineLocal(name: string, expr: Node | null, location: SourceLocation, unit: SourceUnit): void {
    if (this.defineLocalHook) {
      this.defineLocalHook(name, expr, location, false);
      return;
    }
    const existing = this.localDefinitions.get(name);
    if (existing) {
      existing.duplicate = true;
      this.problems.push({
        rule: "unresolvable",
        severity: "error",
        location,
        message: `Local value \`${name}\` is defined more than once (first at ${existing.location.file}:${existing.location.line}); references to it are unresolvable`,
      });
      return;
    }
    this.localDefinitions.set(name, { definition: { expr, unit }, location, duplicate: false });
  }

  /**
   * The attributes of a block body (module or nested block). Nested blocks without labels become objects
   * (a repeated one a list of objects); a syntax error next to an attribute makes it unresolvable.
   */
  evaluateBlockContent(block: Node, unit: SourceUnit): Map<string, TfValue> {
    const attributes = new Map<string, TfValue>();
    const origins = new Map<string, Origin>();
    const blockLists = new Map<string, TfValue[]>();
    let last: { name: string; node: Node } | null = null;
    /** Column of the body's attributes, to tell a swallowed sibling from a nested key; -1 unknown. */
    let indent = -1;

    const handleError = (region: Node): void => {
      if (last) {
        attributes.set(last.name, unresolvable(last.node, unit, "syntax error next to this value"));
      }
      for (const { name, line } of recoverAttributeNames(region, unit, indent)) {
        if (!attributes.has(name)) {
          attributes.set(name, {
            kind: "unresolvable",
            text: name,
            reason: "syntax error",
            location: { file: unit.file, line, endLine: line },
          });
          origins.set(name, "recovered");
        }
      }
    };

    const define = (name: string, value: TfValue, origin: Origin, node: Node): void => {
      const previous = origins.get(name);
      if (previous === "recovered") return;
      if (previous !== undefined) {
        const first = attributes.get(name)!;
        this.problems.push({
          rule: "unresolvable",
          severity: "error",
          location: locationOf(node, unit),
          message: `Attribute \`${name}\` is defined more than once (first at line ${first.location.line})`,
        });
        attributes.set(name, unresolvable(node, unit, `\`${name}\` is defined more than once`));
        return;
      }
      attributes.set(name, value);
      origins.set(name, origin);
    };

    const handleItem = (item: Node): void => {
      const type = item.type;
      if (type === "attribute") {
        // Named children: identifier, expression (plus comments, or ERROR nodes in a broken file).
        const kids = item.namedChildren;
        const nameNode = kids[0];
        if (!nameNode || (unit.hasError && nameNode.type !== "identifier")) {
          if (unit.hasError) handleError(item);
          return;
        }
        const name = nameNode.text;
        let expr: Node | null = kids.length === 2 ? kids[1]! : null;
        if (!expr || expr.type !== "expression") {
          expr = null;
          for (const kid of kids) if (kid.type === "expression") expr = kid;
        }
        const damaged = unit.hasError && item.hasError;
        const value =
          !expr || (damaged && !expr.hasError) ? unresolvable(item, unit, "syntax error") : this.evaluate(expr, unit);
        define(name, value, "attribute", item);
        if (indent < 0) indent = item.startPosition.column;
        last = { name, node: item };
        if (damaged) {
          // The damaged value may have swallowed the attributes after it.
          last = null;
          handleError(item);
        }
      } else if (type === "block") {
        if (indent < 0) indent = item.startPosition.column;
        const kids = item.children;
        const name = kids[0]?.text ?? "";
        let labelled = false;
        for (let i = 1; i < kids.length; i++) {
          const kt = kids[i]!.type;
          if (kt === "block_start") break;
          if (kt === "string_lit" || kt === "identifier") labelled = true;
        }
        if (labelled) {
          define(name, unresolvable(item, unit, "nested block with labels"), "block", item);
        } else if (origins.get(name) === "block") {
          const list = blockLists.get(name)!;
          const value: TfValue = { kind: "object", entries: this.evaluateBlockContent(item, unit), location: locationOf(item, unit) };
          list.push(value);
          attributes.set(name, {
            kind: "list",
            items: list,
            location: { file: unit.file, line: list[0]!.location.line, endLine: value.location.endLine },
          });
        } else {
          const value: TfValue = { kind: "object", entries: this.evaluateBlockContent(item, unit), location: locationOf(item, unit) };
          define(name, value, "block", item);
          if (origins.get(name) === "block") blockLists.set(name, [value]);
        }
        last = null;
      } else if (type === "ERROR") {
        handleError(item);
        last = null;
      }
    };

    for (const child of block.children) {
      const type = child.type;
      if (type === "body") {
        for (const item of child.children) handleItem(item);
      } else if (type === "ERROR") {
        handleError(child);
        last = null;
      }
    }
    return attributes;
  }

  /** The value of an `expression` node. */
  evaluate(node: Node, unit: SourceUnit): TfValue {
    if (this.depth > MAX_DEPTH) return unresolvable(node, unit, "expression nested too deeply");
    if (this.depth > this.deepest) this.deepest = this.depth;
    this.depth++;
    try {
      return this.evaluateExpression(node, unit);
    } finally {
      this.depth--;
    }
  }

  private evaluateExpression(node: Node, unit: SourceUnit): TfValue {
    // Named children only: `(`, `)` and `.` are anonymous; a parenthesised expression is an `expression`.
    const kids = node.namedChildren;
    const first = kids[0];
    if (!first) return unresolvable(node, unit, "syntax error");
    const checkErrors = unit.hasError && node.hasError;
    if (kids.length === 1) {
      if (checkErrors && first.type !== "collection_value") return unresolvable(node, unit, "syntax error");
      return this.evaluateTerm(first, unit);
    }
    if (checkErrors) return unresolvable(node, unit, "syntax error");

    let i = 1;
    const firstType = first.type;
    if (firstType === "variable_expr") {
      const root = first.text;
      if (root !== "local") return unresolvable(node, unit, referenceReason(root));
      let access = kids[1]!;
      let accessType = access.type;
      while (accessType === "comment" && i + 1 < kids.length) {
        access = kids[++i]!;
        accessType = access.type;
      }
      const nameNode = accessType === "get_attr" ? access.lastChild : null;
      if (!nameNode) return unresolvable(node, unit, "`local` without a name");
      const name = nameNode.text;
      if (this.deferLocals) return this.localReference(node, unit, name, kids, i + 1);
      let k = i + 1;
      const next = (): Accessor | null => {
        while (k < kids.length && kids[k]!.type === "comment") k++;
        if (k >= kids.length) return null;
        const kid = kids[k++]!;
        return this.accessorOf(kid, kid.type, unit);
      };
      return referenceValue(name, this.locals.get(name, undefined), next, locationOf(node, unit), (reason) => unresolvable(node, unit, reason));
    }
    let base = firstType === "expression" ? this.evaluate(first, unit) : this.evaluateTerm(first, unit);
    // The value would be checked or accessed here, and re-placed at this node: only the directory can.
    if (this.deferLocals && holdsLocalReference(base)) this.needsDirectory = true;
    let accessed = false;
    for (; i < kids.length; i++) {
      if (base.kind === "unresolvable") return unresolvable(node, unit, base.reason);
      const kid = kids[i]!;
      const type = kid.type;
      if (type === "comment") continue;
      const next = applyAccessor(base, this.accessorOf(kid, type, unit));
      if (typeof next === "string") return unresolvable(node, unit, next);
      base = next;
      accessed = true;
    }
    if (base.kind === "unresolvable") return unresolvable(node, unit, base.reason);
    return accessed ? relocate(base, locationOf(node, unit)) : base;
  }

  /** `.name`, `[index]` or `.0`, its key evaluated. */
  private accessorOf(accessor: Node, type: string, unit: SourceUnit): Accessor {
    if (type === "get_attr") return { kind: "attribute", name: accessor.lastChild?.text ?? "" };
    if (type === "index") {
      const inner = accessor.firstChild;
      if (!inner) return { kind: "fails", reason: "syntax error" };
      if (inner.type === "legacy_index") {
        return { kind: "index", key: { kind: "number", value: Number(inner.text.slice(1)), location: locationOf(inner, unit) } };
      }
      const expr = inner.namedChildren.find((k) => k.type === "expression");
      if (!expr) return { kind: "fails", reason: "syntax error" };
      const key = this.evaluate(expr, unit);
      if (this.deferLocals && holdsLocalReference(key)) this.needsDirectory = true;
      return { kind: "index", key };
    }
    if (type === "splat") return { kind: "fails", reason: "splat expression" };
    return { kind: "fails", reason: "unsupported expression" };
  }

  /**
   * `local.NAME` followed by the accessors in `kids` from `from` on, as a `LocalReference`. Index keys are
   * evaluated now (they are evaluated in the same place either way, and evaluating them changes nothing).
   */
  private localReference(node: Node, unit: SourceUnit, name: string, kids: Node[], from: number): TfValue {
    const accessors: Accessor[] = [];
    for (let i = from; i < kids.length; i++) {
      const kid = kids[i]!;
      const type = kid.type;
      if (type !== "comment") accessors.push(this.accessorOf(kid, type, unit));
    }
    this.references.push({ name, depth: this.depth });
    const reference: LocalReference = {
      kind: "local-reference",
      name,
      accessors,
      text: unresolvableText(node),
      location: locationOf(node, unit),
      depth: this.depth,
    };
    return reference as unknown as TfValue;
  }

  private evaluateTerm(node: Node, unit: SourceUnit): TfValue {
    switch (node.type) {
      case "expression":
        return this.evaluate(node, unit);
      case "literal_value":
        return this.evaluateLiteral(node, unit);
      case "collection_value":
      case "template_expr": {
        const inner = node.firstChild;
        if (!inner) return unresolvable(node, unit, "syntax error");
        return this.evaluateTerm(inner, unit);
      }
      case "numeric_lit": {
        const value = Number(node.text);
        return Number.isFinite(value)
          ? { kind: "number", value, location: locationOf(node, unit) }
          : unresolvable(node, unit, "invalid number");
      }
      case "bool_lit":
        return { kind: "bool", value: node.text === "true", location: locationOf(node, unit) };
      case "null_lit":
        return { kind: "null", location: locationOf(node, unit) };
      case "string_lit": {
        const text = node.text;
        return { kind: "string", value: decodeHclString(text.slice(1, -1)), location: locationOf(node, unit) };
      }
      case "quoted_template":
        return this.evaluateQuotedTemplate(node, unit);
      case "heredoc_template":
        return this.evaluateHeredoc(node, unit);
      case "tuple":
        return this.evaluateTuple(node, unit);
      case "object":
        return this.evaluateObject(node, unit);
      case "variable_expr":
        return unresolvable(node, unit, referenceReason(node.text));
      case "function_call":
        return unresolvable(node, unit, `function call \`${node.firstChild?.text ?? ""}()\``);
      case "for_expr":
        return unresolvable(node, unit, "`for` expression");
      case "conditional":
        return unresolvable(node, unit, "conditional expression");
      case "operation":
        return this.evaluateOperation(node, unit);
      case "ERROR":
        return unresolvable(node, unit, "syntax error");
      default:
        return unresolvable(node, unit, `unsupported expression (${node.type})`);
    }
  }

  /**
   * A literal_value holds exactly one numeric_lit, bool_lit, null_lit or string_lit: its text tells which,
   * without materialising the child node.
   */
  private evaluateLiteral(node: Node, unit: SourceUnit): TfValue {
    const text = node.text;
    const c = text.charCodeAt(0);
    if (c === 34 /* " */) {
      return { kind: "string", value: decodeHclString(text.slice(1, -1)), location: locationOf(node, unit) };
    }
    if (text === "true" || text === "false") return { kind: "bool", value: text === "true", location: locationOf(node, unit) };
    if (text === "null") return { kind: "null", location: locationOf(node, unit) };
    const value = Number(text);
    return Number.isFinite(value) && c >= 48 && c <= 57
      ? { kind: "number", value, location: locationOf(node, unit) }
      : unresolvable(node, unit, "invalid literal");
  }

  private evaluateOperation(node: Node, unit: SourceUnit): TfValue {
    const op = node.firstChild;
    if (op?.type === "unary_operation") {
      const kids = op.children;
      const sign = kids[0]?.type;
      const operand = kids[1];
      if (kids.length === 2 && operand?.type === "literal_value") {
        const literal = this.evaluateTerm(operand, unit);
        if (sign === "-" && literal.kind === "number") {
          return { kind: "number", value: -literal.value, location: locationOf(node, unit) };
        }
        if (sign === "!" && literal.kind === "bool") {
          return { kind: "bool", value: !literal.value, location: locationOf(node, unit) };
        }
      }
    }
    return unresolvable(node, unit, "operator expression");
  }

  private evaluateQuotedTemplate(node: Node, unit: SourceUnit): TfValue {
    let value = "";
    for (const kid of node.children) {
      const type = kid.type;
      if (type === "template_literal") value += decodeHclString(kid.text);
      else if (type === "template_interpolation") return unresolvable(node, unit, "string interpolation");
      else if (type === "template_directive") return unresolvable(node, unit, "template directive");
    }
    return { kind: "string", value, location: locationOf(node, unit) };
  }

  private evaluateHeredoc(node: Node, unit: SourceUnit): TfValue {
    let flush = false;
    let opening: Node | null = null;
    let closing: Node | null = null;
    for (const kid of node.children) {
      const type = kid.type;
      if (type === "heredoc_start") flush = kid.text === "<<-";
      else if (type === "heredoc_identifier") {
        if (!opening) opening = kid;
        else closing = kid;
      } else if (type === "template_interpolation") return unresolvable(node, unit, "string interpolation");
      else if (type === "template_directive") return unresolvable(node, unit, "template directive");
    }
    if (!opening || !closing) return unresolvable(node, unit, "syntax error");
    const source = unit.source;
    const newline = source.indexOf("\n", opening.endIndex);
    const start = newline < 0 ? source.length : newline + 1;
    const end = source.lastIndexOf("\n", closing.startIndex - 1) + 1;
    const content = end > start ? source.slice(start, end) : "";
    return { kind: "string", value: decodeHeredoc(content, flush), location: locationOf(node, unit) };
  }

  private evaluateTuple(node: Node, unit: SourceUnit): TfValue {
    // Named children: tuple_start, the items (expressions), comments, tuple_end.
    const kids = node.namedChildren;
    const items: TfValue[] = [];
    if (unit.hasError && node.hasError) {
      let itemError = false;
      for (const kid of kids) {
        if (kid.type === "expression") {
          if (kid.hasError) itemError = true;
        } else if (kid.hasError) {
          return unresolvable(node, unit, "syntax error in list");
        }
      }
      // The error is in an anonymous token (a comma, a bracket): do not trust the items.
      if (!itemError) return unresolvable(node, unit, "syntax error in list");
    }
    const last = kids.length - 1;
    for (let i = 1; i < last; i++) {
      const kid = kids[i]!;
      if (kid.type === "expression") items.push(this.evaluate(kid, unit));
    }
    return { kind: "list", items, location: locationOf(node, unit) };
  }

  private evaluateObject(node: Node, unit: SourceUnit): TfValue {
    // Named children: object_start, object_elem (key and value expressions), comments, object_end.
    const checkErrors = unit.hasError && node.hasError;
    const kids = node.namedChildren;
    const entries = new Map<string, TfValue>();
    if (checkErrors) {
      let elemError = false;
      for (const kid of kids) {
        if (kid.type === "object_elem") {
          if (kid.hasError) elemError = true;
        } else if (kid.hasError) {
          return unresolvable(node, unit, "syntax error in object");
        }
      }
      if (!elemError) return unresolvable(node, unit, "syntax error in object");
    }
    const last = kids.length - 1;
    for (let i = 1; i < last; i++) {
      const kid = kids[i]!;
      if (kid.type !== "object_elem") continue;
      let parts = kid.namedChildren;
      if (parts.length !== 2) parts = parts.filter((part) => part.type !== "comment");
      const keyNode = parts[0];
      const valueNode = parts[1];
      if (!keyNode || !valueNode || parts.length !== 2) return unresolvable(node, unit, "syntax error in object");
      // An error in the key or in the `=` makes the whole object unreliable; one in the value only that value.
      if (checkErrors && kid.hasError && (keyNode.hasError || !valueNode.hasError)) {
        return unresolvable(node, unit, "syntax error in object");
      }
      const key = this.objectKey(keyNode, unit);
      if (key === null) return unresolvable(node, unit, "object key is not a literal");
      const value = this.evaluate(valueNode, unit);
      entries.set(key, entries.has(key) ? unresolvable(valueNode, unit, `key \`${key}\` is given more than once`) : value);
    }
    return { kind: "object", entries, location: locationOf(node, unit) };
  }

  private objectKey(keyNode: Node, unit: SourceUnit): string | null {
    const kids = keyNode.namedChildren;
    const only = kids.length === 1 ? kids[0]! : null;
    if (only && only.type === "variable_expr") return only.text;
    const key = this.evaluate(keyNode, unit);
    if (this.deferLocals && holdsLocalReference(key)) this.needsDirectory = true;
    if (key.kind === "string" || key.kind === "number" || key.kind === "bool") return String(key.value);
    return null;
  }
}

/**
 * Names written as `name =` at the start of a line of a damaged region, with their lines; with
 * `indent >= 0`, only those indented by exactly that many columns (siblings, not nested keys).
 */
function recoverAttributeNames(region: Node, unit: SourceUnit, indent: number): { name: string; line: number }[] {
  const text = region.text;
  const found: { name: string; line: number }[] = [];
  if (text.indexOf("=") < 0) return found;
  const firstLine = region.startPosition.row + 1 + unit.lineOffset;
  let line = firstLine;
  let scanned = 0;
  ATTRIBUTE_LINE.lastIndex = 0;
  for (let match = ATTRIBUTE_LINE.exec(text); match; match = ATTRIBUTE_LINE.exec(text)) {
    for (let k = text.indexOf("\n", scanned); k >= 0 && k < match.index; k = text.indexOf("\n", k + 1)) {
      line++;
      scanned = k + 1;
    }
    let column = match[0].length - match[0].trimStart().length;
    if (line === firstLine) column += region.startPosition.column;
    if (indent < 0 || column === indent) found.push({ name: match[1]!, line });
  }
  return found;
}
