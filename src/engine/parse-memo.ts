import type { Finding } from "../model/finding.js";
import type { ManifestFileResult, NetworkPolicyModel, TerraformResult } from "../model/types.js";
import type { FileFindings } from "./file-findings.js";
import type { KitModules, StarterKitService } from "./read-kit-modules.js";
import type { PropagationMode, PropagationReading } from "./hnc-propagation.js";
import type { ManifestOwned, OwnedEntry } from "./rules/platform-owned.js";

/** A value remembered together with the config value it was computed under. */
export interface Under<T> {
  shared: string;
  value: T;
}

/**
 * What the engine derives from parse results, remembered per parse result. Parse results are shared by
 * every ref that holds the same file (the parse cache hands out the same object), so what is derived from
 * one is worked out once for all of them: a derived head recomputes only its changed files. It lives as
 * long as the parse cache that holds those results (`ParseCache.memo`), and every function that uses it is
 * handed it (through `Model.memo`); entries go with the objects they describe.
 */
export class ParseMemo {
  /** The kit modules of a parsed Terraform directory, by the kit matchers' key. */
  readonly kitsOfDirectory = new WeakMap<TerraformResult, Map<string, KitModules>>();
  /** The policies every kit module of one directory generates, in order. */
  readonly policiesOfUnit = new WeakMap<KitModules, Under<NetworkPolicyModel[]>>();
  /** The policies one starter-kit module generates. */
  readonly policiesOfService = new WeakMap<StarterKitService, Under<NetworkPolicyModel[]>>();
  /** Where a manifest policy propagates, by HNC's propagation mode. */
  readonly propagationOfPolicy = new WeakMap<NetworkPolicyModel, Map<PropagationMode, PropagationReading>>();
  /** The per-file rules' findings of a kit directory or a manifest file (valid for one label index). */
  readonly findingsOfFile = new WeakMap<KitModules | ManifestFileResult, FileFindings>();
  /** A manifest file's platform-owned objects (valid for one label index). */
  readonly ownedOfManifest = new WeakMap<ManifestFileResult, ManifestOwned>();
  /** A kit directory's team-kit modules, as platform-owned entries. */
  readonly ownedOfKits = new WeakMap<KitModules, OwnedEntry[]>();
  /** An `unresolvable` finding with its unknown content in its key (see with-unknown-content.ts). */
  readonly withContent = new WeakMap<Finding, Finding>();
}
