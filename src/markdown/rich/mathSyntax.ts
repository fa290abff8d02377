import type { CompileContext, Extension as FromMarkdownExtension, Token as MdastToken } from 'mdast-util-from-markdown';
import type { Code, Construct, Effects, Extension, State } from 'micromark-util-types';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mathText: 'mathText';
    mathTextSequence: 'mathTextSequence';
    mathTextData: 'mathTextData';
  }
}

/** Math in text (`$x$`, `$$x$$`, `\(x\)`, `\[x\]`); `data.display` for `$$` and `\[`. */
export interface InlineMath {
  type: 'inlineMath';
  value: string;
  data?: { display?: boolean } & Record<string, unknown>;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    inlineMath: InlineMath;
  }
  interface RootContentMap {
    inlineMath: InlineMath;
  }
}

const DOLLAR = 36;
const BACKSLASH = 92;

/** A line ending: micromark's codes -5, -4, -3. */
const isEol = (code: Code): boolean => code !== null && code < -2;
/** Whitespace, a line ending or the end of the text. */
const isSpace = (code: Code): boolean => code === null || code < 0 || code === 32;
const isDigit = (code: Code): boolean => code !== null && code >= 48 && code <= 57;

/**
 * Math in text, as micromark tokens (`mathText`, `mathTextSequence`, `mathTextData`), with no other micromark package (the chunk shares no module with the
 * initial one):
 * - `$...$` by pandoc's currency-safe rule: the opening `$` is followed by a non-space
 *   character, the closing `$` follows a non-space character and is not followed by a
 *   digit (`$5 and $10` stays text); one line; `\$` inside is a dollar.
 * - `$$...$$` (display) across the lines of a paragraph; `$$` blocks of their own are
 *   rewritten to a fence before parsing ({@link rewriteRichSource}).
 * - `\(...\)` on one line and `\[...\]` (display) across lines, before the backslash
 *   escapes `\(` and `\[` (an extension's constructs come before CommonMark's).
 */
export function mathSyntax(): Extension {
  return { text: { [DOLLAR]: dollarMath, [BACKSLASH]: [bracketMath(40, 41), bracketMath(91, 93)] } };
}

/** Builds `inlineMath` nodes from the tokens of {@link mathSyntax}; `data.display` for `$$` and `\[`. */
export function mathFromMarkdown(): FromMarkdownExtension {
  return {
    canContainEols: ['inlineMath'],
    enter: {
      mathText(this: CompileContext, token: MdastToken) {
        this.enter({ type: 'inlineMath', value: '' } as never, token);
        this.buffer();
      },
    },
    exit: {
      mathText(this: CompileContext, token: MdastToken) {
        const value = this.resume();
        const node = this.stack[this.stack.length - 1] as unknown as { value: string; data: object };
        const open = this.sliceSerialize(token).slice(0, 2);
        this.exit(token);
        node.value = value;
        node.data = { display: open === '$$' || open === '\\[' };
      },
      mathTextData(this: CompileContext, token: MdastToken) {
        this.config.enter.data?.call(this, token);
        this.config.exit.data?.call(this, token);
      },
    },
  };
}

function sequence(effects: Effects, codes: readonly number[], then: State, nok: State): State {
  effects.enter('mathTextSequence');
  const step = (index: number): State => (code) => {
    if (index === codes.length) {
      effects.exit('mathTextSequence');
      return then(code);
    }
    if (code !== codes[index]) return nok(code);
    effects.consume(code);
    return step(index + 1);
  };
  return step(0);
}

/**
 * The body of a math span up to `closer` (tried where `closeCode` may start it, once
 * `closesAfter` the previous character): data, escapes (`\x` is data) and, when
 * `multiline`, line endings (tokens of their own). Never empty.
 */
function body(effects: Effects, closer: Construct, closeCode: number, done: State, nok: State, multiline: boolean, closesAfter: (previous: Code) => boolean): State {
  /** The last character of the body so far (`null`: none yet, the body is never empty). */
  let previous: Code = null;
  let inData = false;
  const consume = (code: Code): State => {
    if (!inData) effects.enter('mathTextData');
    inData = true;
    previous = code;
    effects.consume(code);
    return code === BACKSLASH ? escaped : data;
  };
  const data: State = (code) => {
    if (code === null || (isEol(code) && !multiline)) return nok(code);
    if (isEol(code)) {
      // A line ending is a token of its own (micromark splits paragraph content at them).
      if (inData) effects.exit('mathTextData');
      inData = false;
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
      previous = 10;
      return data;
    }
    if (code === closeCode && previous !== null && closesAfter(previous)) {
      if (inData) effects.exit('mathTextData');
      inData = false;
      return effects.attempt(closer, done, consume)(code);
    }
    return consume(code);
  };
  const escaped: State = (code) => (code === null || isEol(code) ? data(code) : (consume(code), data));
  return data;
}

const dollarMath: Construct = {
  name: 'cwMathDollar',
  // Not right after a `$`, unless that one was escaped (`\$$x$`), as remark-math.
  previous(code) {
    return code !== DOLLAR || this.events[this.events.length - 1]?.[1].type === 'characterEscape';
  },
  tokenize(effects, ok, nok) {
    let size = 0;
    const done: State = (code) => {
      effects.exit('mathText');
      return ok(code);
    };
    const closer: Construct = {
      partial: true,
      tokenize(effects, ok, nok) {
        return (code) => {
          if (code !== DOLLAR) return nok(code);
          return sequence(effects, size === 1 ? [DOLLAR] : [DOLLAR, DOLLAR], (after) => (after === DOLLAR || (size === 1 && isDigit(after)) ? nok(after) : ok(after)), nok)(code);
        };
      },
    };
    const afterOpen: State = (code) => {
      if (code === DOLLAR && size === 1) {
        size = 2;
        effects.consume(code);
        return afterOpen;
      }
      effects.exit('mathTextSequence');
      if (code === DOLLAR || (size === 1 && isSpace(code)) || code === null) return nok(code);
      return body(effects, closer, DOLLAR, done, nok, size === 2, (previous) => previous !== DOLLAR && (size === 2 || !isSpace(previous)))(code);
    };
    return (code) => {
      effects.enter('mathText');
      effects.enter('mathTextSequence');
      effects.consume(code);
      size = 1;
      return afterOpen;
    };
  },
};

function bracketMath(open: number, close: number): Construct {
  const multiline = open === 91;
  const closer: Construct = {
    partial: true,
    tokenize: (effects, ok, nok) => (code) => sequence(effects, [BACKSLASH, close], ok, nok)(code),
  };
  return {
    name: multiline ? 'cwMathDisplay' : 'cwMathParen',
    tokenize(effects, ok, nok) {
      const done: State = (code) => {
        effects.exit('mathText');
        return ok(code);
      };
      return (code) => {
        effects.enter('mathText');
        return sequence(effects, [BACKSLASH, open], body(effects, closer, BACKSLASH, done, nok, multiline, () => true), nok)(code);
      };
    },
  };
}
