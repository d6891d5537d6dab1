/** A geodetic bounding region in degrees and metres (3D Tiles `region` is the same in radians). */
import { DEG, metresPerDegree } from './geodesy';

export class Region {
  west = Infinity;
  south = Infinity;
  east = -Infinity;
  north = -Infinity;
  minH = Infinity;
  maxH = -Infinity;

  get empty(): boolean {
    return !(this.west <= this.east);
  }

  /** Adds a point with a horizontal radius (metres) and a height range. */
  addPoint(lon: number, lat: number, radius: number, hLo: number, hHi: number): void {
    this.addBox(lon, lat, radius, radius, hLo, hHi);
  }

  /** Adds a point with half-extents east and north (metres) and a height range. */
  addBox(lon: number, lat: number, halfEast: number, halfNorth: number, hLo: number, hHi: number): void {
    const m = metresPerDegree(lat);
    const dLon = halfEast / m.lon;
    const dLat = halfNorth / m.lat;
    if (lon - dLon < this.west) this.west = lon - dLon;
    if (lon + dLon > this.east) this.east = lon + dLon;
    if (lat - dLat < this.south) this.south = lat - dLat;
    if (lat + dLat > this.north) this.north = lat + dLat;
    if (hLo < this.minH) this.minH = hLo;
    if (hHi > this.maxH) this.maxH = hHi;
  }

  union(o: Region): void {
    if (o.empty) return;
    this.west = Math.min(this.west, o.west);
    this.south = Math.min(this.south, o.south);
    this.east = Math.max(this.east, o.east);
    this.north = Math.max(this.north, o.north);
    this.minH = Math.min(this.minH, o.minH);
    this.maxH = Math.max(this.maxH, o.maxH);
  }

  contains(o: Region, eps = 1e-12): boolean {
    return (
      o.west >= this.west - eps &&
      o.east <= this.east + eps &&
      o.south >= this.south - eps &&
      o.north <= this.north + eps &&
      o.minH >= this.minH - 1e-6 &&
      o.maxH <= this.maxH + 1e-6
    );
  }

  get centreLon(): number {
    return (this.west + this.east) / 2;
  }
  get centreLat(): number {
    return (this.south + this.north) / 2;
  }

  /** Horizontal diagonal in metres. */
  diagonal(): number {
    const m = metresPerDegree(this.centreLat);
    return Math.hypot((this.east - this.west) * m.lon, (this.north - this.south) * m.lat);
  }

  /** 3D Tiles boundingVolume.region: [west, south, east, north] in radians, then min and max height. */
  toTiles(): [number, number, number, number, number, number] {
    return [this.west * DEG, this.south * DEG, this.east * DEG, this.north * DEG, this.minH, this.maxH];
  }

  static fromTiles(r: readonly number[]): Region {
    const x = new Region();
    x.west = r[0] / DEG;
    x.south = r[1] / DEG;
    x.east = r[2] / DEG;
    x.north = r[3] / DEG;
    x.minH = r[4];
    x.maxH = r[5];
    return x;
  }
}
