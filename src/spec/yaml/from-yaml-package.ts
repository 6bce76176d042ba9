import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { SyntaxDocument, SyntaxNode } from './ast.js';

/**
 * The syntax tree of a document composed by the `yaml` package: the general path,
 * used for anything the fast parser declines (and to report YAML errors exactly
 * as the `yaml` package words them).
 */
export function fromYamlDocument(document: Document.Parsed): SyntaxDocument {
  const anchors = new Map<string, SyntaxNode[]>();

  const convert = (node: unknown): SyntaxNode | null => {
    if (node === null || node === undefined || typeof node !== 'object') return null;
    const yamlNode = node as YamlNode;
    const offset = yamlNode.range?.[0] ?? 0;
    if (isAlias(yamlNode)) return { kind: 'alias', offset, tag: undefined, name: yamlNode.source };
    const tag = yamlNode.tag;
    let converted: SyntaxNode;
    // Anchors are registered before their content, in document order (as `visit` walks).
    const register = (result: SyntaxNode): SyntaxNode => {
      const anchor = (yamlNode as { anchor?: unknown }).anchor;
      if (typeof anchor === 'string') {
        const definitions = anchors.get(anchor) ?? [];
        definitions.push(result);
        anchors.set(anchor, definitions);
      }
      return result;
    };
    if (isScalar(yamlNode)) {
      return register({
        kind: 'scalar',
        offset,
        tag,
        plain: yamlNode.type === 'PLAIN',
        source: yamlNode.source ?? String(yamlNode.value ?? ''),
        value: yamlNode.value,
      });
    }
    if (isMap(yamlNode)) {
      const pairs: { key: SyntaxNode | null; value: SyntaxNode | null }[] = [];
      converted = register({ kind: 'map', offset, tag, pairs });
      for (const pair of yamlNode.items)
        pairs.push({ key: convert(pair.key), value: convert(pair.value) });
      return converted;
    }
    if (isSeq(yamlNode)) {
      const items: (SyntaxNode | null)[] = [];
      converted = register({ kind: 'seq', offset, tag, items });
      for (const item of yamlNode.items) items.push(convert(item));
      return converted;
    }
    return null;
  };

  return { root: convert(document.contents), anchors };
}
