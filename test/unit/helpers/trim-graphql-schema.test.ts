import { buildClientSchema, buildSchema, introspectionFromSchema, validateSchema, type IntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { trimGraphqlSchema, type IntrospectionJson } from "../../helpers/trim-graphql-schema.js";

const FULL = introspectionFromSchema(
  buildSchema(`
    type Query { repository(owner: String!): Repository, viewer: User }
    type Mutation { addLabel(input: AddLabelInput!): AddLabelPayload }
    input AddLabelInput { labelableId: ID!, labels: [LabelInput!]!, note: String }
    input LabelInput { name: String!, color: Color }
    enum Color { RED GREEN }
    type AddLabelPayload { clientMutationId: String, labelable: Labelable }
    interface Labelable { id: ID!, labels: [String] }
    interface GitObject { oid: String!, abbreviatedOid: String! }
    type Blob implements GitObject { oid: String!, abbreviatedOid: String!, text: String, size: Int }
    type Tree implements GitObject { oid: String!, abbreviatedOid: String!, entries: [String] }
    type Repository { object(expression: String!): GitObject, name: String, owner: User }
    type User { login: String, email: String }
    type Issue implements Labelable { id: ID!, labels: [String], title: String }
  `),
) as unknown as IntrospectionJson;

function shape(schema: IntrospectionJson): Record<string, string[]> {
  const types = schema.__schema.types.filter((t) => !t.name.startsWith("__"));
  return Object.fromEntries(types.map((t) => [t.name, (t.fields ?? []).map((f) => f.name)]));
}

describe("trimGraphqlSchema", () => {
  it("keeps the fields selected, the types they return, and whole input types reached by arguments", () => {
    const { schema, unknown } = trimGraphqlSchema(FULL, [
      `query q($e: String!) { repository(owner: "o") { object(expression: $e) { ... on Blob { text } } } }`,
      `mutation m($input: AddLabelInput!) { addLabel(input: $input) { clientMutationId } }`,
    ]);
    expect(unknown).toEqual([]);
    const kept = shape(schema);
    expect(kept.Query).toEqual(["repository"]);
    expect(kept.Repository).toEqual(["object"]);
    // The interface keeps a field (none is selected on it), and each implementation carries it.
    expect(kept.GitObject).toEqual(["oid"]);
    expect(kept.Blob).toEqual(["oid", "text"]);
    expect(kept.Tree).toEqual(["oid"]);
    expect(Object.keys(kept)).toEqual(expect.arrayContaining(["AddLabelInput", "LabelInput", "Color", "ID"]));
    expect(Object.keys(kept)).not.toContain("User");
    expect(Object.keys(kept)).not.toContain("Labelable");
    expect(validateSchema(buildClientSchema(schema as unknown as IntrospectionQuery)).map((e) => e.message)).toEqual([]);
  });

  it("names the fields the full schema lacks", () => {
    expect(trimGraphqlSchema(FULL, [`query q { repository(owner: "o") { nmae } viewer { login } }`]).unknown).toEqual(["Repository.nmae"]);
  });
});
