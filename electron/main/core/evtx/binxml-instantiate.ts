/** Template instantiation: substitution values rendered into a template's placeholders. */
import type { EvtxAttribute, EvtxElement, EvtxNode } from './evtx-model';
import { ARRAY_FLAG, ValueType, renderArray, renderScalar } from './binxml-values';
import { BinXmlError, MAX_STEPS, MAX_TEMPLATE_DEPTH, type Budget, type ChunkContext, type TNode, type Value } from './binxml-context';

type Rendered = { kind: 'none' } | { kind: 'text'; text: string } | { kind: 'array'; items: string[] } | { kind: 'nodes'; nodes: EvtxNode[] };

const NONE: Rendered = { kind: 'none' };

function renderValue(ctx: ChunkContext, value: Value | undefined, budget: Budget, depth: number): Rendered {
  if (!value || value.type === ValueType.Null || value.end === value.start) return NONE;
  const { type, start, end } = value;
  if (type === ValueType.BinXml) {
    if (depth >= MAX_TEMPLATE_DEPTH) throw new BinXmlError('nested BinXML too deep');
    return { kind: 'nodes', nodes: instantiate(ctx, budget.parse(start, end, depth), [], budget, depth) };
  }
  if (type & ARRAY_FLAG) {
    const items = renderArray(type & 0x7f, ctx.bytes, start, end);
    if (!items) throw new BinXmlError(`array value of type 0x${type.toString(16)} has a bad size`);
    return { kind: 'array', items };
  }
  const text = renderScalar(type, ctx.bytes, start, end);
  if (text === null) throw new BinXmlError(`value of type 0x${type.toString(16)} has a bad size (${end - start})`);
  return { kind: 'text', text };
}

/** Fills a template's placeholders with values; optional substitutions without a value vanish. */
export function instantiate(ctx: ChunkContext, nodes: readonly TNode[], values: readonly Value[], budget: Budget, depth: number): EvtxNode[] {
  // Each value is rendered once, however often the template refers to it.
  const rendered: (Rendered | undefined)[] = new Array(values.length);
  const valueOf = (index: number): Rendered => {
    if (index >= values.length) return NONE;
    let r = rendered[index];
    if (!r) {
      r = renderValue(ctx, values[index], budget, depth);
      rendered[index] = r;
    }
    return r;
  };
  const build = (list: readonly TNode[]): EvtxNode[] => {
    const out: EvtxNode[] = [];
    for (const node of list) {
      if (++budget.steps > MAX_STEPS) throw new BinXmlError('BinXML too large or looping (step budget exhausted)');
      if (node.kind === 'text') out.push(node);
      else if (node.kind === 'nodes') out.push(...node.nodes);
      else if (node.kind === 'sub') {
        const r = valueOf(node.index);
        if (r.kind === 'text') out.push({ kind: 'text', text: r.text });
        else if (r.kind === 'array') out.push({ kind: 'array', items: r.items });
        else if (r.kind === 'nodes') out.push(...r.nodes);
        else if (!node.optional) out.push({ kind: 'text', text: '' });
      } else {
        const attributes: EvtxAttribute[] = [];
        for (const attr of node.attrs) {
          let text = '';
          let present = attr.parts.length === 0;
          for (const part of attr.parts) {
            if (part.kind === 'text') { text += part.text; present = true; }
            else if (part.kind === 'sub') {
              const r = valueOf(part.index);
              if (r.kind === 'text') { text += r.text; present = true; }
              else if (r.kind === 'array') { text += r.items.join(' '); present = true; }
              else if (!part.optional) present = true;
            }
          }
          if (present) attributes.push({ name: attr.name, value: text });
        }
        const children = build(node.children);
        // Windows leaves out an element whose only content was an optional substitution without a
        // value (a classic event's empty <Data> string array, an empty <Binary>).
        const vanished = node.children.some((c) => c.kind === 'sub' && c.optional && valueOf(c.index).kind === 'none');
        if (vanished && children.length === 0 && attributes.length === 0) continue;
        const element: EvtxElement = { kind: 'element', name: node.name, attributes, children };
        out.push(element);
      }
    }
    return out;
  };
  return build(nodes);
}
