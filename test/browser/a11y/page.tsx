/**
 * The page of the accessibility browser test: a `ChatWidget` (600 px high) on the chat API
 * of the same server. `?dir=rtl` sets the widget's `dir` prop, `?htmlDir=rtl` the page's
 * `<html dir>` instead (inherited), `?lang=he` gives it the Hebrew labels, `?width=<px>` its
 * width (720 by default). Every change of the screen-reader announcer's text is recorded in
 * `window.announcements`, and every mutation of it counted in `window.announcerMutations`;
 * ratings given with the thumbs go to `window.feedback`.
 */
import { createRoot } from 'react-dom/client';
import { ChatWidget } from '../../../src/components/ChatWidget';
import { hebrewLabels } from '../../../stories/support/hebrewLabels';

const params = new URL(location.href).searchParams;
const htmlDir = params.get('htmlDir');
if (htmlDir) document.documentElement.dir = htmlDir;
const dir = params.get('dir');

const recorded = window as unknown as { announcements: string[]; announcerMutations: number; feedback: Array<[string, string | null]> };
recorded.announcements = [];
recorded.announcerMutations = 0;
recorded.feedback = [];
new MutationObserver((records) => {
  const announcer = document.querySelector('.cw-announcer');
  if (!announcer) return;
  recorded.announcerMutations += records.filter((r) => announcer.contains(r.target)).length;
  const text = announcer.textContent ?? '';
  if (text !== (recorded.announcements.at(-1) ?? '')) recorded.announcements.push(text);
}).observe(document.body, { subtree: true, childList: true, characterData: true });

createRoot(document.getElementById('root') as HTMLElement).render(
  <div style={{ height: 600, width: Number(params.get('width') ?? 720) }}>
    <ChatWidget
      endpoint="/api/chat"
      storage={null}
      follow={false}
      dir={dir === 'rtl' || dir === 'ltr' ? dir : undefined}
      labels={params.get('lang') === 'he' ? hebrewLabels : undefined}
      onFeedback={(id, value) => recorded.feedback.push([id, value])}
    />
    {/* A pointing icon as a part would draw it (next), to check that it turns around in right-to-left text. */}
    <span className="cw-icon-directional" data-testid="next-icon">›</span>
  </div>,
);
