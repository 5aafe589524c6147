const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const URL_PATTERN = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

/**
 * The HTML part of a message written as plain text: its paragraphs (blank-line separated), line
 * breaks kept, and every web address a link. Plain, readable in any mail client, no images.
 */
export function htmlFromText(text: string, lang = 'en-GB'): string {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => {
      const lines = p.split('\n').map((line) => {
        let out = '';
        let last = 0;
        for (const match of line.matchAll(URL_PATTERN)) {
          out += escape(line.slice(last, match.index));
          out += `<a href="${escape(match[0])}">${escape(match[0])}</a>`;
          last = match.index! + match[0].length;
        }
        return out + escape(line.slice(last));
      });
      return `<p style="margin:0 0 16px">${lines.join('<br>\n')}</p>`;
    });
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>',
    '<body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c">',
    ...paragraphs,
    '</body>',
    '</html>',
  ].join('\n');
}
