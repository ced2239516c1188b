/**
 * GitHub's GraphQL schema (its introspection result, 5 MB) cut down to what the app's documents select:
 * the root types with only the fields they use, every type those fields return with only the fields
 * selected on it, and, whole, every input, enum and scalar type an argument or a variable reaches. An
 * interface keeps its implementations (the fake GitHub answers with any of them), each with the fields
 * selected on the interface, so that the trimmed schema is valid and answers the same as the full one for
 * every document made of these selections.
 */
import { Kind, parse, type SelectionSetNode, type TypeNode } from "graphql";

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: { type: TypeRef }[];
  type: TypeRef;
}
interface FullType {
  kind: string;
  name: string;
  fields: Field[] | null;
  inputFields: { type: TypeRef }[] | null;
  interfaces: TypeRef[] | null;
  possibleTypes: TypeRef[] | null;
}
export interface IntrospectionJson {
  __schema: {
    queryType: { name: string };
    mutationType: { name: string } | null;
    subscriptionType: { name: string } | null;
    types: FullType[];
    directives: { args: { type: TypeRef }[] }[];
  };
}

function namedType(ref: TypeRef): string {
  return ref.ofType ? namedType(ref.ofType) : ref.name!;
}

function astNamedType(node: TypeNode): string {
  return node.kind === Kind.NAMED_TYPE ? node.name.value : astNamedType(node.type);
}

/** Returns the trimmed schema, and the `Type.field`s the documents select that GitHub's schema lacks. */
export function trimGraphqlSchema(full: IntrospectionJson, documents: string[]): { schema: IntrospectionJson; unknown: string[] } {
  const types = new Map(full.__schema.types.map((t) => [t.name, t]));
  const kept = new Set<string>();
  const used = new Map<string, Set<string>>();
  const unknown: string[] = [];

  const keepType = (name: string): void => {
    if (kept.has(name)) return;
    const type = types.get(name);
    if (!type) return;
    kept.add(name);
    if (type.fields) used.set(name, new Set());
    for (const field of type.inputFields ?? []) keepType(namedType(field.type));
    for (const possible of type.possibleTypes ?? []) keepType(possible.name!);
  };
  const useField = (typeName: string, fieldName: string): string | null => {
    const field = types.get(typeName)?.fields?.find((f) => f.name === fieldName);
    if (!field) {
      unknown.push(`${typeName}.${fieldName}`);
      return null;
    }
    keepType(typeName);
    used.get(typeName)!.add(fieldName);
    for (const arg of field.args) keepType(namedType(arg.type));
    keepType(namedType(field.type));
    return namedType(field.type);
  };

  for (const document of documents) {
    const definitions = parse(document).definitions;
    const fragments = new Map(definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
    const walk = (typeName: string, selections: SelectionSetNode): void => {
      for (const selection of selections.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          const returned = useField(typeName, selection.name.value);
          if (returned !== null && selection.selectionSet) walk(returned, selection.selectionSet);
        } else {
          const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
          if (!fragment) continue;
          const condition = fragment.typeCondition?.name.value ?? typeName;
          keepType(condition);
          walk(condition, fragment.selectionSet);
        }
      }
    };
    for (const definition of definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const root = definition.operation === "mutation" ? full.__schema.mutationType!.name : full.__schema.queryType.name;
      keepType(root);
      for (const variable of definition.variableDefinitions ?? []) keepType(astNamedType(variable.type));
      walk(root, definition.selectionSet);
    }
  }
  for (const directive of full.__schema.directives) for (const arg of directive.args) keepType(namedType(arg.type));

  // An implementation carries every field its interfaces keep; a type left with no field keeps its first
  // leaf field (GraphQL allows no empty object or interface). Repeated until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of [...kept]) {
      const type = types.get(name)!;
      const fields = used.get(name);
      if (!fields) continue;
      const before = fields.size;
      for (const iface of type.interfaces ?? []) {
        if (kept.has(iface.name!)) for (const field of used.get(iface.name!) ?? []) useField(name, field);
      }
      if (fields.size === 0) {
        const leaf = type.fields!.find((f) => ["SCALAR", "ENUM"].includes(types.get(namedType(f.type))?.kind ?? ""));
        if (leaf) useField(name, leaf.name);
      }
      if (fields.size !== before) changed = true;
    }
  }

  const trimmedTypes = full.__schema.types
    .filter((t) => kept.has(t.name))
    .map((t) => ({
      ...t,
      fields: t.fields ? t.fields.filter((f) => used.get(t.name)!.has(f.name)) : t.fields,
      interfaces: t.interfaces ? t.interfaces.filter((i) => kept.has(i.name!)) : t.interfaces,
      possibleTypes: t.possibleTypes ? t.possibleTypes.filter((p) => kept.has(p.name!)) : t.possibleTypes,
    }));
  return { schema: { __schema: { ...full.__schema, subscriptionType: null, types: trimmedTypes } }, unknown: [...new Set(unknown)] };
}
