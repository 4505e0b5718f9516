/** What `build` made: the image, its tags and digest, and how. */
export interface BuildResult {
  image: string;
  /** Full references, `image:tag`. */
  tags: string[];
  /** Registry manifest digest; '' when not pushed. */
  digest: string;
  /** Local image ID, when built here. */
  imageId?: string;
  skipped: boolean;
  builder: string;
  provider: string;
  version: string;
  durationMs: number;
}
