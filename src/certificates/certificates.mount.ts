import { API, type Mounting } from '../http/mount.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import { certificatesRoutes } from './certificates.routes.ts';
import { certificatePages } from './certificates.pages.ts';
import { certificatesService, type CertificatesService } from './certificates.service.ts';
import { creditsListener } from './split-listener.ts';

/**
 * Teacher-training certificates: the API, the verification and teacher pages, and the listener that
 * reissues them when a split moves attendance marks (after the participants' listener moved them).
 * Answers the service: attendance reissues through it. Its email kind: src/emails.ts.
 */
export function mountCertificates(ctx: Mounting, deps: { signer: LinkSigner; publicBaseUrl: string; personalData: { certificateDays: number } }): CertificatesService {
  const certificates = certificatesService({ pool: ctx.pool, clock: ctx.clock, signer: deps.signer, publicBaseUrl: deps.publicBaseUrl });
  ctx.events.after(creditsListener(certificates.reissue, ctx.clock));
  ctx.api.use(certificatesRoutes(ctx.registry, API, certificates));
  ctx.pages.use(certificatePages(certificates, deps.personalData));
  return certificates;
}
