import { describe, expect, it } from 'vitest';
import { htmlFromText } from './mail-html';

describe('the HTML part made from a plain-text message', () => {
  it('keeps paragraphs and line breaks, links web addresses, and escapes everything else', () => {
    const html = htmlFromText(
      'Dear <Head>,\n\nSee https://traded.example/buy/orders/1?x=1&y=2.\nThanks & regards\n\nTraded',
    );
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('Dear &lt;Head&gt;,</p>');
    expect(html).toContain(
      'See <a href="https://traded.example/buy/orders/1?x=1&amp;y=2">https://traded.example/buy/orders/1?x=1&amp;y=2</a>.<br>',
    );
    expect(html).toContain('Thanks &amp; regards</p>');
    expect(html.match(/<p /g)).toHaveLength(3);
  });
});
