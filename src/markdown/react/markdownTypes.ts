import type { Element } from 'hast';
import type { ComponentType, JSX } from 'react';

/**
 * What every markdown element component receives besides its HTML props: the hast element it
 * renders. Same as react-markdown's `ExtraProps`.
 */
export type ExtraProps = {
  node?: Element | undefined;
};

/**
 * Tag names mapped to components (or to other tag names), as react-markdown's `components`
 * takes them; a react-markdown `Components` object fits as it is.
 *
 * @example const components: Components = { a: (props) => <a {...props} target="_blank" /> };
 */
export type Components = {
  [Key in keyof JSX.IntrinsicElements]?: ComponentType<JSX.IntrinsicElements[Key] & ExtraProps> | keyof JSX.IntrinsicElements;
};

/**
 * Rewrites (or, by returning `null` or `undefined`, drops) the URL of a link or an image; same
 * signature as react-markdown's `urlTransform`.
 */
export type UrlTransform = (url: string, key: string, node: Readonly<Element>) => string | null | undefined;

/** A unified plugin (remark or rehype), called with a processor as `this` and its options. */
type Plugin = (this: any, ...options: any[]) => unknown;

/** A unified preset: plugins and shared settings. */
export interface Preset {
  plugins?: PluggableList | undefined;
  settings?: object | undefined;
}

/** One remark or rehype plugin as unified takes it: the plugin, `[plugin, ...options]`, or a preset. */
export type Pluggable = Plugin | readonly [Plugin, ...unknown[]] | Preset;

/** A list of remark or rehype plugins, as react-markdown's `remarkPlugins` and `rehypePlugins` take them. */
export type PluggableList = Pluggable[];
