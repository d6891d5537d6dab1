import 'cesium/Build/Cesium/Widgets/CesiumWidget/CesiumWidget.css';
import './styles/app.css';
import { boot } from './app/boot';
import { installLifecycleHooks } from './app/testHooks';

const root = document.getElementById('app');
if (root) {
  const start = () => boot(root);
  // the app can be disposed and mounted again in the same page (window.__twinLifecycle, tests/e2e/lifecycle.test.ts)
  installLifecycleHooks(start, start());
}
