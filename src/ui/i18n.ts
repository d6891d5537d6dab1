/**
 * Every UI string, in both languages, in one place. Domain names (categories, sub-types, materials, burial methods)
 * come from src/domain/categories.ts; everything the interface itself says is here.
 *
 * Placeholders are written {name} and filled by t(key, params). The English table defines the keys; the Chinese table
 * must have the same keys (the type checker and tests/unit/ui-i18n.test.ts both check it).
 */

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const en = {
  'app.title': 'Chongqing Pipe Network Twin',
  'app.subtitle': 'Yuzhong · underground utilities and rivers',
  'app.loading': 'Loading…',
  'map.label': 'Map. Arrow keys pan, + and − zoom, Enter selects the asset at the centre.',
  'lang.toggle': '中文',
  'lang.toggleTitle': 'Switch the interface to Chinese',

  'layers.title': 'Layers',
  'layers.categories': 'Pipelines (CJJ 61)',
  'layers.overlays': 'Map',
  'layers.standardColour': 'standard colour {colour}',
  'layers.liftedNote': 'Brown and black are lightened for the dark map; the small square is the CJJ 61 colour.',
  'layers.only': 'only',
  'layers.onlyTitle': 'Show only {name}',
  'layers.onlyUndo': 'Show every category again',
  'layers.all': 'All',
  'layers.allTitle': 'Show every category',
  'dock.toggleTitle': 'Show or hide this panel',
  'overlay.rivers': 'Rivers',
  'overlay.streets': 'Streets',
  'overlay.sections': 'Monitoring sections',
  'overlay.projects': 'Riverbank projects',
  'overlay.outfalls': 'Outfalls',
  'overlay.labels': 'Labels',

  'colorMode.title': 'Colour pipes by',
  'colorMode.category': 'Category',
  'colorMode.status': 'Status',
  'status.unknown': 'Unknown',
  'status.normal': 'Normal',
  'status.warning': 'Warning',
  'status.alarm': 'Alarm',
  'status.offline': 'Offline',

  'underground.toggle': 'Underground',
  'underground.toggleTitle': 'See through the ground and move the camera below it',
  'underground.opacity': 'Ground opacity',

  'inspect.title': 'Asset',
  'inspect.close': 'Close',
  'inspect.flyTo': 'Zoom to this asset',
  'inspect.loading': 'Loading details…',
  'inspect.notFound': 'No details found for this asset.',
  'inspect.segment': 'Pipe segment',
  'inspect.node': 'Pipe point',
  'field.id': 'ID',
  'field.category': 'Category',
  'field.subType': 'Type',
  'field.code': 'Feature code',
  'field.material': 'Material',
  'field.size': 'Size',
  'field.depthStart': 'Depth at start',
  'field.depthEnd': 'Depth at end',
  'field.groundStart': 'Ground elevation at start',
  'field.groundEnd': 'Ground elevation at end',
  'field.invertStart': 'Invert at start',
  'field.invertEnd': 'Invert at end',
  'field.burial': 'Burial',
  'field.year': 'Built',
  'field.owner': 'Owner',
  'field.pressureZone': 'Pressure zone',
  'field.pressureClass': 'Pressure class',
  'field.crossing': 'River crossing',
  'field.from': 'From point',
  'field.to': 'To point',
  'field.street': 'Street',
  'field.nodeType': 'Point type',
  'field.depth': 'Depth',
  'field.ground': 'Ground elevation',
  'field.position': 'Position',
  'field.segments': 'Connected segments',
  'field.status': 'Status',

  'unit.dn': 'DN {dn} mm',
  'unit.box': '{w} × {h} mm (box)',
  'unit.metres': '{v} m',
  'unit.km': '{v} km',
  'unit.m2': '{v} m²',
  'unit.km2': '{v} km²',
  'unit.lonLat': '{lon}° E, {lat}° N',
  'value.unknownCode': 'unknown ({code})',
  'value.none': '—',

  'crossing.bridge': 'Carried on a bridge',
  'crossing.under-river': 'Under the river bed',

  'pressure.low': 'Low',
  'pressure.mediumB': 'Medium B',
  'pressure.mediumA': 'Medium A',
  'pressure.subHighB': 'Sub-high B',
  'pressure.subHighA': 'Sub-high A',
  'pressure.highB': 'High B',
  'pressure.highA': 'High A',

  'node.manhole': 'Manhole',
  'node.valve': 'Valve',
  'node.hydrant': 'Hydrant',
  'node.tee': 'Tee',
  'node.bend': 'Bend',
  'node.outfall': 'Outfall',
  'node.meter': 'Meter',
  'node.sensor': 'Sensor',
  'node.junction': 'Junction',
  'node.inlet': 'Storm inlet',

  'section.label': '{name} · target {cls}',

  'tiles.loading': 'Loading pipes: {n} tiles pending',
  'tiles.loaded': 'Pipes loaded',
  'tiles.none': 'No pipe tiles',
  'tiles.incomplete': 'Pipes incomplete: {failed} tiles failed to load',
  'tiles.loadingIncomplete': 'Loading pipes: {n} tiles pending, {failed} failed',
  'statusLine.camera': 'Camera {h}',

  'msg.dismiss': 'Dismiss',
  'err.configMissing': 'Could not read the configuration file config.json ({detail}). Using the built-in defaults.',
  'err.configNotObject': 'The configuration file config.json is not a JSON object. Using the built-in defaults.',
  'err.configField': 'Configuration: "{field}" {expect}. Using the default for it.',
  'err.configUnknown': 'Configuration: unknown setting "{field}" was ignored.',
  'err.tiles': 'The pipe network could not be loaded from {url} ({detail}). The map and overlays still work.',
  'err.tileContent': 'Some pipe tiles failed to load ({detail}).',
  'err.tilesMissing': 'Part of the pipe network could not be loaded: {failed} tiles failed ({detail}). Pipes may be missing in {area}.',
  'err.basemapTiles': 'The base map tiles could not be loaded ({detail}): no base map imagery is shown. Check the basemap address in config.json.',
  'err.overlay': 'The map layer "{name}" could not be loaded ({detail}).',
  'err.basemap': 'The base map could not be loaded ({detail}). Showing the plain globe.',
  'err.terrain': 'The terrain could not be loaded ({detail}). Using a flat ground.',
  'err.assets': 'Asset details could not be loaded ({detail}).',
  'err.webgl': 'This browser cannot show the 3D view ({detail}). A browser with WebGL 2 is needed.',
  'err.meta': 'The dataset description meta.json could not be read ({detail}): heights are taken as ellipsoid heights and the view starts over Yuzhong.',
  'detail.notFound': 'not found',
  'detail.notJson': 'not valid JSON',
  'err.render': 'The 3D view stopped rendering ({detail}). Reload the page.',

  'expect.string': 'must be a text value',
  'expect.url': 'must be a URL on this site or an http(s) address',
  'expect.number': 'must be a number',
  'expect.range': 'must be a number from {min} to {max}',
  'expect.oneOf': 'must be one of {values}',
  'expect.object': 'must be an object',

  // ---- live feed (src/ui/alarmList, feedBadge, kpiStrip, readingsPanel) ----
  'feed.title': 'Live feed',
  'feed.state.idle': 'Connecting…',
  'feed.state.ok': 'Live',
  'feed.state.retrying': 'Feed problem',
  'feed.state.off': 'No feed',
  'feed.updated': 'Updated {time} ({age} ago)',
  'feed.never': 'No data received yet',
  'feed.rejected': '{n} of {m} readings rejected in the last document',
  'feed.rejectedTotal': '{n} readings rejected since the page opened',
  'feed.state.degraded': 'Receiving, 0 readings usable',
  'feed.warn.empty': 'Documents arrive with no readings.',
  'feed.warn.allRejected': 'Every reading of the last document was rejected ({n}).',
  'feed.waiting': 'retrying now, waiting {s} s for an answer',
  'feed.retry': 'Retry now',
  'feed.retryIn': 'retrying in {s} s',
  'feed.keepsLast': 'Showing the last good data.',
  'feed.err.network': 'The feed server cannot be reached.',
  'feed.err.timeout': 'The feed did not answer in time.',
  'feed.err.http': 'The feed server answered with an error (HTTP {status}).',
  'feed.err.tooLarge': 'The feed sent a document that is too large; it was not read.',
  'feed.err.malformed': 'The feed sent a broken document (not valid JSON).',
  'feed.err.notObject': 'The feed sent something that is not a feed document.',
  'feed.err.badVersion': 'The feed document has an unsupported version.',
  'feed.err.badSequence': 'The feed document has no valid sequence number.',
  'feed.err.badGeneratedAt': 'The feed document has no valid time stamp.',
  'feed.err.badReadings': 'The feed document has no valid list of readings.',
  'feed.err.staleSequence': 'The feed sent an older document than the one shown; it was ignored.',
  'feed.err.setup': 'The live feed could not start ({detail}).',
  'age.s': '{n} s',
  'age.m': '{n} min',
  'age.h': '{n} h',

  'alarms.title': 'Alarms',
  'alarms.none': 'No active alarms.',
  'alarms.ack': 'Acknowledge',
  'alarms.unack': 'Undo acknowledge',
  'alarms.acked': 'acknowledged',
  'alarms.shown': '{shown} of {total} shown',
  'alarms.stale': 'no data since {time}',
  'alarms.clear': 'Clear: the sensor is silent, end this alarm',
  'alarms.offlineGroup': '{n} offline',
  'alarms.areaUnknown': 'area not recorded',
  'alarms.primary': 'primary pollutants: {list}',
  'alarms.section': 'Monitoring section',
  'alarms.offline': 'no reading for {age}',
  'alarms.since': 'since {time}',
  'alarms.class': 'class {cls} (target {target})',
  'alarms.value': '{value} (normal {band})',

  'kpi.alarms': 'Alarms',
  'kpi.warnings': 'Warnings',
  'kpi.online': 'Sensors online',
  'kpi.goodRatio': 'Sections class I–III',
  'kpi.none': 'none',
  'kpi.staleLeftOut': '{n} with silent sensors left out',

  'readings.title': 'Live readings',
  'readings.none': 'No sensor on this asset.',
  'readings.noValue': 'no reading yet',
  'readings.band': 'normal {band}',
  'readings.alarmBand': 'alarm {band}',
  'readings.class': 'class {cls}',
  'readings.history': 'Recent history ({n} readings)',
  'band.below': 'below {v}',
  'band.above': 'above {v}',
  'band.between': '{lo} – {hi}',
  // area query (src/ui/queryPanel.ts, drawToolbar.ts, coordInput.ts)
  'query.title': 'Area query',
  'query.kicker': 'Draw an area, get the pipes inside',
  'query.open': 'Area query',
  'query.openTitle': 'Draw an area on the map and list the pipes inside it',
  'query.close': 'Close the area query',
  'draw.polygon': 'Polygon',
  'draw.rectangle': 'Rectangle',
  'draw.circle': 'Circle',
  'draw.corridor': 'Corridor',
  'draw.hint.polygon': 'Click the map to add vertices; double-click or Enter to finish; Backspace removes the last vertex; Esc cancels.',
  'draw.hint.rectangle': 'Click one corner, then the opposite corner. Esc cancels.',
  'draw.hint.circle': 'Click the centre, then a point on the rim. Esc cancels.',
  'draw.hint.corridor': 'Click along the line; double-click or Enter to finish. Esc cancels.',
  'draw.hint.edit': 'Drag a vertex to change the area; the query runs again.',
  'draw.hint.start': 'Pick a shape, then draw it on the map.',
  'draw.corridorWidth': 'Width (m)',
  'draw.clear': 'Clear',
  'query.mode': 'Pipes that',
  'query.mode.intersects': 'touch the area',
  'query.mode.within': 'lie within it',
  'query.categories': 'Categories',
  'query.categories.all': 'all',
  'query.maxDepth': 'Max depth (m)',
  'query.maxDepthTitle': 'Only pipes whose top comes within this depth somewhere inside the area (e.g. 3 for a 3 m dig); empty = any depth',
  'query.loadingData': 'Loading the query data…',
  'query.dataFailed': 'The query data could not be loaded: {detail}',
  'query.running': 'Querying… {seconds} s',
  'query.summary': '{count} pipes · {length} inside · area {area}',
  'query.none': 'No pipes in this area with these filters.',
  'query.by.category': 'By category',
  'query.by.material': 'By material',
  'query.by.diameter': 'By diameter',
  'query.by.decade': 'By decade',
  'query.col.id': 'ID',
  'query.col.category': 'Category',
  'query.col.material': 'Material',
  'query.col.size': 'Size',
  'query.col.depth': 'Depth (m)',
  'query.col.lengthInside': 'Inside (m)',
  'query.col.year': 'Year',
  'query.col.relation': 'Relation',
  'query.col.count': 'Pipes',
  'query.col.length': 'Length inside',
  'query.relation.within': 'inside',
  'query.relation.crosses': 'crosses edge',
  'query.relation.touches': 'touches edge',
  'query.sortTitle': 'Sort by this column',
  'query.rowTitle': 'Show this pipe',
  'query.tableLimit': 'Showing {shown} of {count} rows; export for all of them.',
  'query.export.csv': 'Export CSV',
  'query.export.geojson': 'Export GeoJSON',
  'query.exportFailed': 'Export failed: {detail}',
  'query.coords': 'Type coordinates',
  'query.coords.crs': 'Coordinate system',
  'query.coords.wgs84': 'WGS 84 longitude, latitude',
  'query.coords.placeholder': 'One vertex per line: x, y (at least 3)',
  'query.coords.apply': 'Query this polygon',
  'query.coords.badLine': 'Line {line} is not two numbers: {text}',
  'query.coords.tooFew': 'A polygon needs at least 3 vertices.',
  'query.upload': 'Open GeoJSON…',
  'query.uploadTitle': 'Use a polygon from a GeoJSON file as the area',
  'query.uploadFailed': 'Could not read {name}: {detail}',
} as const;

export type I18nKey = keyof typeof en;

const zh: Record<I18nKey, string> = {
  'app.title': '重庆管网数字孪生',
  'app.subtitle': '渝中 · 地下管线与两江',
  'app.loading': '加载中…',
  'map.label': '地图。方向键平移，加号和减号缩放，回车选择视图中心的设施。',
  'lang.toggle': 'EN',
  'lang.toggleTitle': 'Switch the interface to English',

  'layers.title': '图层',
  'layers.categories': '管线（CJJ 61）',
  'layers.overlays': '地图',
  'layers.standardColour': '标准色 {colour}',
  'layers.liftedNote': '棕色、黑色在深色底图上已提亮；小方块为 CJJ 61 标准色。',
  'layers.only': '仅此',
  'layers.onlyTitle': '只显示{name}',
  'layers.onlyUndo': '重新显示全部类别',
  'layers.all': '全部',
  'layers.allTitle': '显示全部类别',
  'dock.toggleTitle': '展开或收起此面板',
  'overlay.rivers': '河流',
  'overlay.streets': '道路',
  'overlay.sections': '监测断面',
  'overlay.projects': '滨江项目',
  'overlay.outfalls': '排口',
  'overlay.labels': '注记',

  'colorMode.title': '管线着色',
  'colorMode.category': '按类别',
  'colorMode.status': '按状态',
  'status.unknown': '未知',
  'status.normal': '正常',
  'status.warning': '预警',
  'status.alarm': '报警',
  'status.offline': '离线',

  'underground.toggle': '地下模式',
  'underground.toggleTitle': '地表半透明，相机可进入地下',
  'underground.opacity': '地表不透明度',

  'inspect.title': '设施',
  'inspect.close': '关闭',
  'inspect.flyTo': '定位到该设施',
  'inspect.loading': '正在读取属性…',
  'inspect.notFound': '未找到该设施的属性。',
  'inspect.segment': '管段',
  'inspect.node': '管点',
  'field.id': '编号',
  'field.category': '管线类别',
  'field.subType': '小类',
  'field.code': '要素代码',
  'field.material': '材质',
  'field.size': '规格',
  'field.depthStart': '起点埋深',
  'field.depthEnd': '终点埋深',
  'field.groundStart': '起点地面高程',
  'field.groundEnd': '终点地面高程',
  'field.invertStart': '起点管底高程',
  'field.invertEnd': '终点管底高程',
  'field.burial': '埋设方式',
  'field.year': '建设年代',
  'field.owner': '权属单位',
  'field.pressureZone': '供水分区',
  'field.pressureClass': '压力级制',
  'field.crossing': '过河方式',
  'field.from': '起点点号',
  'field.to': '终点点号',
  'field.street': '所在道路',
  'field.nodeType': '管点类型',
  'field.depth': '埋深',
  'field.ground': '地面高程',
  'field.position': '位置',
  'field.segments': '连接管段',
  'field.status': '状态',

  'unit.dn': 'DN{dn} 毫米',
  'unit.box': '{w} × {h} 毫米（方沟）',
  'unit.metres': '{v} 米',
  'unit.km': '{v} 千米',
  'unit.m2': '{v} 平方米',
  'unit.km2': '{v} 平方千米',
  'unit.lonLat': '东经 {lon}°，北纬 {lat}°',
  'value.unknownCode': '未知（{code}）',
  'value.none': '—',

  'crossing.bridge': '随桥敷设',
  'crossing.under-river': '河底穿越',

  'pressure.low': '低压',
  'pressure.mediumB': '中压B',
  'pressure.mediumA': '中压A',
  'pressure.subHighB': '次高压B',
  'pressure.subHighA': '次高压A',
  'pressure.highB': '高压B',
  'pressure.highA': '高压A',

  'node.manhole': '检查井',
  'node.valve': '阀门',
  'node.hydrant': '消火栓',
  'node.tee': '三通',
  'node.bend': '弯头',
  'node.outfall': '排放口',
  'node.meter': '水表',
  'node.sensor': '监测点',
  'node.junction': '连接点',
  'node.inlet': '雨水口',

  'section.label': '{name} · 目标{cls}类',

  'tiles.loading': '管线加载中：剩余 {n} 个瓦片',
  'tiles.loaded': '管线已加载',
  'tiles.none': '无管线瓦片',
  'tiles.incomplete': '管线不完整：{failed}个瓦片加载失败',
  'tiles.loadingIncomplete': '管线加载中：剩余{n}个瓦片，{failed}个失败',
  'statusLine.camera': '视高 {h}',

  'msg.dismiss': '关闭',
  'err.configMissing': '无法读取配置文件 config.json（{detail}），已使用内置默认配置。',
  'err.configNotObject': '配置文件 config.json 不是 JSON 对象，已使用内置默认配置。',
  'err.configField': '配置项“{field}”{expect}，已使用默认值。',
  'err.configUnknown': '配置项“{field}”无法识别，已忽略。',
  'err.tiles': '无法从 {url} 加载管网（{detail}）。地图与其他图层仍可使用。',
  'err.tileContent': '部分管线瓦片加载失败（{detail}）。',
  'err.tilesMissing': '部分管网未能加载：{failed}个瓦片失败（{detail}）。以下区域可能缺少管线：{area}。',
  'err.basemapTiles': '底图瓦片无法加载（{detail}），不显示底图影像。请检查config.json中的底图地址。',
  'err.overlay': '图层“{name}”加载失败（{detail}）。',
  'err.basemap': '底图加载失败（{detail}），显示纯色地球。',
  'err.terrain': '地形加载失败（{detail}），使用平坦地面。',
  'err.assets': '设施属性加载失败（{detail}）。',
  'err.webgl': '此浏览器无法显示三维视图（{detail}），需要支持 WebGL 2 的浏览器。',
  'err.meta': '无法读取数据集说明 meta.json（{detail}）：高程按椭球高处理，视图定位到渝中。',
  'detail.notFound': '文件不存在',
  'detail.notJson': '不是有效的 JSON',
  'err.render': '三维视图渲染出错（{detail}），请刷新页面。',

  'expect.string': '应为文本',
  'expect.url': '应为本站路径或 http(s) 地址',
  'expect.number': '应为数字',
  'expect.range': '应为 {min} 到 {max} 之间的数字',
  'expect.oneOf': '应为以下之一：{values}',
  'expect.object': '应为对象',

  // ---- live feed ----
  'feed.title': '实时数据',
  'feed.state.idle': '连接中…',
  'feed.state.ok': '在线',
  'feed.state.retrying': '数据源异常',
  'feed.state.off': '无数据源',
  'feed.updated': '更新于 {time}（{age}前）',
  'feed.never': '尚未收到数据',
  'feed.rejected': '最近一份文档拒收{n}条读数（共{m}条）',
  'feed.rejectedTotal': '页面打开以来共拒收{n}条读数',
  'feed.state.degraded': '接收中，0条读数可用',
  'feed.warn.empty': '收到的文档不含任何读数。',
  'feed.warn.allRejected': '最近一份文档的读数全部被拒收（{n}条）。',
  'feed.waiting': '正在重试，已等待应答{s}秒',
  'feed.retry': '立即重试',
  'feed.retryIn': '{s} 秒后重试',
  'feed.keepsLast': '仍显示最后一次有效数据。',
  'feed.err.network': '无法连接数据服务器。',
  'feed.err.timeout': '数据源响应超时。',
  'feed.err.http': '数据服务器返回错误（HTTP {status}）。',
  'feed.err.tooLarge': '数据源发送的文档过大，未读取。',
  'feed.err.malformed': '数据源发送的文档已损坏（不是有效的 JSON）。',
  'feed.err.notObject': '数据源发送的内容不是数据文档。',
  'feed.err.badVersion': '数据文档版本不受支持。',
  'feed.err.badSequence': '数据文档缺少有效的序号。',
  'feed.err.badGeneratedAt': '数据文档缺少有效的时间戳。',
  'feed.err.badReadings': '数据文档缺少有效的读数列表。',
  'feed.err.staleSequence': '数据源发送了比当前更旧的文档，已忽略。',
  'feed.err.setup': '实时数据无法启动（{detail}）。',
  'age.s': '{n} 秒',
  'age.m': '{n} 分钟',
  'age.h': '{n} 小时',

  'alarms.title': '报警',
  'alarms.none': '当前无报警。',
  'alarms.ack': '确认',
  'alarms.unack': '撤销确认',
  'alarms.acked': '已确认',
  'alarms.shown': '显示{shown}条，共{total}条',
  'alarms.stale': '自{time}起无数据',
  'alarms.clear': '解除：监测点无数据，结束此报警',
  'alarms.offlineGroup': '{n}个离线',
  'alarms.areaUnknown': '未记录区域',
  'alarms.primary': '主要污染指标：{list}',
  'alarms.section': '监测断面',
  'alarms.offline': '{age}无读数',
  'alarms.since': '始于 {time}',
  'alarms.class': '{cls}类（目标{target}类）',
  'alarms.value': '{value}（正常 {band}）',

  'kpi.alarms': '报警',
  'kpi.warnings': '预警',
  'kpi.online': '在线监测点',
  'kpi.goodRatio': '优良比例（I–III类）',
  'kpi.none': '无',
  'kpi.staleLeftOut': '{n}个断面无新数据未计入',

  'readings.title': '实时读数',
  'readings.none': '该设施无监测点。',
  'readings.noValue': '暂无读数',
  'readings.band': '正常 {band}',
  'readings.alarmBand': '报警 {band}',
  'readings.class': '{cls}类',
  'readings.history': '近期变化（{n} 个读数）',
  'band.below': '低于 {v}',
  'band.above': '高于 {v}',
  'band.between': '{lo} – {hi}',
  'query.title': '区域查询',
  'query.kicker': '画出范围，列出其中的管线',
  'query.open': '区域查询',
  'query.openTitle': '在地图上画出范围，列出其中的管线',
  'query.close': '关闭区域查询',
  'draw.polygon': '多边形',
  'draw.rectangle': '矩形',
  'draw.circle': '圆',
  'draw.corridor': '走廊',
  'draw.hint.polygon': '在地图上单击添加顶点；双击或按回车完成；退格键删除最后一个顶点；Esc 取消。',
  'draw.hint.rectangle': '单击一个角点，再单击对角点。Esc 取消。',
  'draw.hint.circle': '单击圆心，再单击圆周上一点。Esc 取消。',
  'draw.hint.corridor': '沿线单击；双击或按回车完成。Esc 取消。',
  'draw.hint.edit': '拖动顶点可修改范围，查询会重新运行。',
  'draw.hint.start': '选择形状，然后在地图上绘制。',
  'draw.corridorWidth': '宽度（米）',
  'draw.clear': '清除',
  'query.mode': '管线与范围',
  'query.mode.intersects': '相交',
  'query.mode.within': '完全在内',
  'query.categories': '类别',
  'query.categories.all': '全部',
  'query.maxDepth': '最大埋深（米）',
  'query.maxDepthTitle': '只列出管顶在范围内某处浅于此深度的管线（如开挖 3 米填 3）；留空表示不限',
  'query.loadingData': '正在加载查询数据…',
  'query.dataFailed': '查询数据加载失败：{detail}',
  'query.running': '正在查询… {seconds} 秒',
  'query.summary': '{count} 条管线 · 区内长度 {length} · 面积 {area}',
  'query.none': '此范围内没有符合条件的管线。',
  'query.by.category': '按类别',
  'query.by.material': '按材质',
  'query.by.diameter': '按管径',
  'query.by.decade': '按建设年代',
  'query.col.id': '编号',
  'query.col.category': '类别',
  'query.col.material': '材质',
  'query.col.size': '规格',
  'query.col.depth': '埋深（米）',
  'query.col.lengthInside': '区内（米）',
  'query.col.year': '年份',
  'query.col.relation': '关系',
  'query.col.count': '条数',
  'query.col.length': '区内长度',
  'query.relation.within': '在区内',
  'query.relation.crosses': '穿越边界',
  'query.relation.touches': '接触边界',
  'query.sortTitle': '按此列排序',
  'query.rowTitle': '查看此管线',
  'query.tableLimit': '显示 {shown} / {count} 行；导出可得全部。',
  'query.export.csv': '导出 CSV',
  'query.export.geojson': '导出 GeoJSON',
  'query.exportFailed': '导出失败：{detail}',
  'query.coords': '输入坐标',
  'query.coords.crs': '坐标系',
  'query.coords.wgs84': 'WGS 84 经度、纬度',
  'query.coords.placeholder': '每行一个顶点：x, y（至少 3 个）',
  'query.coords.apply': '查询此多边形',
  'query.coords.badLine': '第 {line} 行不是两个数值：{text}',
  'query.coords.tooFew': '多边形至少需要 3 个顶点。',
  'query.upload': '打开 GeoJSON…',
  'query.uploadTitle': '用 GeoJSON 文件中的面作为查询范围',
  'query.uploadFailed': '无法读取 {name}：{detail}',
};

export const STRINGS: Readonly<Record<Lang, Readonly<Record<I18nKey, string>>>> = { en, 'zh-CN': zh };

export type Params = Readonly<Record<string, string | number>>;

/** A message that can be rendered in either language later (errors are kept this way, shown in the current one). */
export interface Message {
  key: I18nKey;
  params?: Params;
}

export function isLang(v: unknown): v is Lang {
  return v === 'zh-CN' || v === 'en';
}

/** Fills {name} placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * The string for a key in a language. A parameter written "@other.key" is itself translated (with the same
 * parameters), so a message can carry a phrase that must follow the language too.
 */
export function translate(lang: Lang, key: I18nKey, params?: Params): string {
  if (!params) return STRINGS[lang][key];
  const resolved: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const nested = typeof value === 'string' && value.startsWith('@') ? value.slice(1) : null;
    resolved[name] = nested !== null && isI18nKey(nested) && nested !== key ? format(STRINGS[lang][nested], params) : value;
  }
  return format(STRINGS[lang][key], resolved);
}

export function renderMessage(lang: Lang, m: Message): string {
  return translate(lang, m.key, m.params);
}

export function isI18nKey(v: string): v is I18nKey {
  return Object.prototype.hasOwnProperty.call(en, v);
}

/** The placeholder names a template uses, sorted (for the completeness test). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/**
 * The language to start in: a choice the user made earlier (stored), else the configured one, else the browser's.
 * Pure: callers pass localStorage's value and navigator.languages.
 */
export function pickLanguage(stored: string | null, configured: 'auto' | Lang, browser: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  if (configured !== 'auto') return configured;
  for (const l of browser) {
    const lower = l.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The other language (for the toggle). */
export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-CN' : 'en';
}

/** Domain tables carry {zh, en} names: pick the one for the language. */
export function localName(def: { zh: string; en: string }, lang: Lang): string {
  return lang === 'en' ? def.en : def.zh;
}
