/**
 * One function per action type, chosen by an exhaustive switch: a new action
 * type does not compile until it has a function here.
 */
import type { Action } from '../planner/types.js';
import {
  createContainer,
  removeContainer,
  startContainer,
  stopContainer,
} from './actions/container-lifecycle.js';
import { recreateContainer } from './actions/container-recreate.js';
import { waitForService } from './actions/container-wait.js';
import { buildImage, pullImage, pushImage, removeImage } from './actions/image.js';
import { createNetwork, removeNetwork } from './actions/network.js';
import { createVolume, removeVolume } from './actions/volume.js';
import type { ActionContext } from './context.js';

export function runAction(context: ActionContext, action: Action): Promise<void> {
  switch (action.type) {
    case 'network.create':
      return createNetwork(context, action);
    case 'network.remove':
      return removeNetwork(context, action);
    case 'volume.create':
      return createVolume(context, action);
    case 'volume.remove':
      return removeVolume(context, action);
    case 'image.pull':
      return pullImage(context, action);
    case 'image.build':
      return buildImage(context, action);
    case 'image.push':
      return pushImage(context, action);
    case 'image.remove':
      return removeImage(context, action);
    case 'container.create':
      return createContainer(context, action);
    case 'container.recreate':
      return recreateContainer(context, action);
    case 'container.start':
      return startContainer(context, action);
    case 'container.stop':
      return stopContainer(context, action);
    case 'container.remove':
      return removeContainer(context, action);
    case 'container.wait':
      return waitForService(context, action);
    default: {
      const unknown: never = action;
      return Promise.reject(new Error(`unknown action type ${(unknown as Action).type}`));
    }
  }
}
