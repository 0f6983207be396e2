import { EndpointSenders, standardSender } from './webhooks/senders.ts';
import { groupRobotSenders } from './channels/platforms.ts';

/**
 * How each kind of webhook endpoint is sent to: Standard Webhooks (src/webhooks/) and the group
 * robots (src/channels/), each registered from its own folder, like the email kinds (src/emails.ts).
 */
export function endpointSenders(): EndpointSenders {
  return new EndpointSenders([standardSender, ...groupRobotSenders]);
}
