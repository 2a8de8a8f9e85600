import { CatalogueEntry } from '../domain/catalogue-entry';
import { CatalogueEntryResponseDto } from './catalogue-entry.response.dto';

export const toCatalogueResponse = ({ ratingSum: _s, reviewSeq: _r, ...entry }: CatalogueEntry): CatalogueEntryResponseDto => entry;
