import { CatalogueEntry } from '../domain/catalogue-entry';
import { CatalogueEntryResponseDto } from './catalogue-entry.response.dto';

export const toCatalogueResponse = ({ ratingSum: _s, reviewSeq: _r, reviewsAhead: _a, ...entry }: CatalogueEntry): CatalogueEntryResponseDto => entry;
