import { describe, expect, it } from 'vitest';
import { renderCertificateMessage } from '../../src/certificates/certificate.template.ts';

describe('the certificate email', () => {
  const props = {
    participantName: '王老师 <b>', title: { 'zh-CN': '天文教学培训', en: 'Teaching astronomy' }, hours: 4.5,
    verifyUrl: 'https://orrery.test/certificates/AAAAAAAAAAAAAAAAAAAAAA', pdfUrl: 'https://orrery.test/certificates/AAAAAAAAAAAAAAAAAAAAAA.pdf',
    teacherUrl: 'https://orrery.test/teachers/7?sig=x&y',
  };
  it('is bilingual, carries the three links and escapes what participants typed', () => {
    const m = renderCertificateMessage(props);
    expect(m.subject).toBe('您的培训证书：“天文教学培训” / Your training certificate: “Teaching astronomy”');
    for (const words of ['4.5 学时', '4.5 credit hours', props.verifyUrl, props.pdfUrl, props.teacherUrl]) expect(m.text).toContain(words);
    expect(m.html).toContain('王老师 &lt;b&gt;');
    expect(m.html).not.toContain('<b>');
    expect(m.html).toContain('href="https://orrery.test/teachers/7?sig=x&amp;y"');
    expect(m.html.indexOf('lang="zh-CN"')).toBeLessThan(m.html.indexOf('lang="en"'));
  });
});
