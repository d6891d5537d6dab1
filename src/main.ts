import 'cesium/Build/Cesium/Widgets/CesiumWidget/CesiumWidget.css';
import './styles/app.css';
import { boot } from './app/boot';

const root = document.getElementById('app');
if (root) boot(root);
